export const RUN_STATUSES = ['RUNNING', 'FINISHED', 'FAILED', 'KILLED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const MODEL_VERSION_STATUSES = ['PENDING_REGISTRATION', 'READY', 'FAILED_REGISTRATION'] as const;
export type ModelVersionStatus = (typeof MODEL_VERSION_STATUSES)[number];

export type ParamValue = string | number | boolean;

/** The model's input: feature names in vector order, plus whatever the trainer stores with them. */
export interface FeatureSchema {
  features: string[];
  [extra: string]: unknown;
}

export interface Experiment {
  id: string;
  name: string;
  description: string | null;
  tags: Record<string, string>;
  createdAt: Date;
}

export interface Run {
  id: string;
  experimentId: string;
  name: string | null;
  status: RunStatus;
  params: Record<string, ParamValue>;
  tags: Record<string, string>;
  datasetVersion: string | null;
  codeVersion: string | null;
  startTime: Date;
  endTime: Date | null;
  /** Each metric's value at its highest step (then latest time). */
  latestMetrics: Record<string, number>;
}

export interface CreateRunInput {
  /** The experiment's name; created when missing. */
  experiment: string;
  name?: string;
  params?: Record<string, ParamValue>;
  tags?: Record<string, string>;
  datasetVersion?: string;
  codeVersion?: string;
  startTime?: Date;
}

export interface MetricPoint {
  key: string;
  value: number;
  /** Defaults to 0. */
  step?: number;
  /** Defaults to now. */
  timestamp?: Date;
}

export interface MetricHistoryPoint {
  step: number;
  value: number;
  timestamp: Date;
}

export const METRIC_COMPARISONS = ['<', '<=', '=', '!=', '>=', '>'] as const;
export type MetricComparison = (typeof METRIC_COMPARISONS)[number];

interface MetricThreshold {
  metric: string;
  op: MetricComparison;
  value: number;
}

export interface SearchRunsQuery {
  /** Experiment names. */
  experiments?: string[];
  statuses?: RunStatus[];
  /** All must hold, on each run's latest value of the metric (runs without it are left out). */
  metrics?: MetricThreshold[];
  /** Runs without the metric come last; default order: newest start first. */
  orderBy?: { metric: string; direction: 'asc' | 'desc' };
  limit?: number;
}

export interface RegisteredModel {
  id: string;
  name: string;
  description: string | null;
  createdAt: Date;
}

export interface ModelVersion {
  id: string;
  model: string;
  version: number;
  runId: string | null;
  artifactUri: string;
  metrics: Record<string, number>;
  featureSchema: FeatureSchema | null;
  status: ModelVersionStatus;
  description: string | null;
  createdAt: Date;
  aliases: string[];
}

export interface RegisterVersionInput {
  /** The registered model's name; created when missing. */
  model: string;
  /**
   * Where the version's files are, or how to name it from the version number the registry gives
   * (e.g. `(v) => modelArtifactUri(name, v)`), when the files go to a folder named after it.
   */
  artifactUri: string | ((version: number) => string);
  runId?: string;
  metrics?: Record<string, number>;
  featureSchema?: FeatureSchema;
  status?: ModelVersionStatus;
  description?: string;
}

export interface AliasChange {
  /** Who moved it (a user, or `trainer`). */
  actor: string;
  reason?: string;
}

export interface AliasHistoryEntry {
  model: string;
  alias: string;
  seq: number;
  fromVersion: number | null;
  toVersion: number | null;
  actor: string;
  reason: string | null;
  at: Date;
}
