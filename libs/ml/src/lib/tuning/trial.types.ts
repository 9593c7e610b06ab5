import { EvalMetricName } from '../gbdt/eval-metric';
import { GbdtParams } from '../gbdt/gbdt-params.types';
import { StopReason } from '../gbdt/train-gbdt';
import { TreeEnsembleModel } from '../gbdt/tree-ensemble-model.types';

/**
 * One unit of work of a search: train a trial's model from round `fromRound` to `toRound`.
 * Plain JSON-serialisable data, so that an executor can ship it anywhere (a worker thread
 * today, another machine over Kafka later); the data itself travels by key.
 */
export interface TrialRequest {
  readonly trialId: string;
  /** Names the train/validation pair the executor holds (or can fetch). */
  readonly datasetKey: string;
  readonly params: Partial<GbdtParams>;
  readonly fromRound: number;
  readonly toRound: number;
  /** The trial's model after `fromRound` rounds; absent when fromRound is 0. */
  readonly initModel?: TreeEnsembleModel;
  /** Validation metrics per round; the first is the search objective. */
  readonly metrics: readonly EvalMetricName[];
}

export interface TrialRoundMetrics {
  readonly round: number;
  readonly metrics: Readonly<Partial<Record<EvalMetricName, number>>>;
}

export interface TrialResult {
  readonly trialId: string;
  /** Metrics of rounds fromRound + 1 .. completedRounds. */
  readonly rounds: readonly TrialRoundMetrics[];
  readonly completedRounds: number;
  /** The model after completedRounds rounds: the checkpoint to continue from. */
  readonly model: TreeEnsembleModel;
  readonly stopReason: StopReason;
  readonly elapsedMs: number;
}
