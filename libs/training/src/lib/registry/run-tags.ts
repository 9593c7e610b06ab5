/** Tags the trainer puts on its registry runs, so that a training's runs can be found and told apart. */
export const RUN_TAGS = {
  /** `training` (the whole run, what POST /train returns), `trial` or `final-fit`. */
  kind: 'kind',
  /** On trials and the final fit: the id of their training run. */
  parent: 'parent_run_id',
  trialId: 'trial_id',
  /** Trial outcome: completed, stopped (ASHA, time budget) or failed. */
  trialStatus: 'trial.status',
  stoppedBy: 'trial.stopped_by',
  /** On the training run: the version it registered, and whether and why it was promoted. */
  version: 'model.version',
  promotion: 'promotion.decision',
  promotionReason: 'promotion.reason',
  /** Who asked for the training: rest, kafka, schedule or cli (and the Kafka request id). */
  origin: 'origin',
  requestId: 'request_id',
  /** Where the training is: dataset, search, final-fit, export, registered. */
  stage: 'stage',
  /** The final fit's calibration table, as JSON. */
  calibration: 'test.calibration',
} as const;

export type RunKind = 'training' | 'trial' | 'final-fit';

/** Metric keys: validation per round (step = round), test once (step 0). */
export const validationMetricKey = (metric: string): string => `valid_${metric}`;
export const testMetricKey = (metric: string): string => `test_${metric}`;
