/** One hyperparameter's domain, declared as data (JSON-serialisable, stored with a search). */
export type ParamDomain =
  | { readonly type: 'uniform'; readonly low: number; readonly high: number }
  | { readonly type: 'log-uniform'; readonly low: number; readonly high: number }
  | { readonly type: 'int'; readonly low: number; readonly high: number; readonly log?: boolean }
  | { readonly type: 'choice'; readonly values: readonly ParamValue[] };

export type ParamValue = number | string | boolean;

/** Parameter name (a GbdtParams key for GBDT searches) to its domain. */
export type SearchSpace = Readonly<Record<string, ParamDomain>>;

export type ParamAssignment = Readonly<Record<string, ParamValue>>;
