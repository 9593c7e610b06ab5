import { EvalMetricName } from '../gbdt/eval-metric';
import { GbdtParams } from '../gbdt/gbdt-params.types';
import { TreeEnsembleModel } from '../gbdt/tree-ensemble-model.types';
import { AshaConfig, AshaState } from './asha.scheduler';
import { SamplerConfig } from './create-sampler.util';
import { SamplerState } from './sampler.interface';
import { ParamAssignment, SearchSpace } from './search-space.types';
import { TrialRoundMetrics } from './trial.types';

export interface HyperparameterSearchConfig {
  readonly space: SearchSpace;
  /** Parameters every trial shares; sampled ones override them. */
  readonly fixedParams?: Partial<GbdtParams>;
  readonly sampler: SamplerConfig;
  /** ASHA over boosting rounds; without it every trial runs maxRounds. */
  readonly asha?: Omit<AshaConfig, 'maxRounds'>;
  readonly maxRounds: number;
  readonly numTrials: number;
  /** The objective (validation); 'auc' is maximised, 'logloss' minimised. */
  readonly metric: EvalMetricName;
  /** No new segment starts after this much search time (summed over resumes). */
  readonly timeBudgetMs?: number;
  readonly datasetKey: string;
}

/**
 * ready: waiting for its next segment; running: a segment in flight (re-run from its
 * checkpoint after a crash); stopped: cut by ASHA or the time budget; completed: maxRounds done.
 */
type TrialStatus = 'ready' | 'running' | 'stopped' | 'completed' | 'failed';

export interface TrialRecord {
  readonly id: string;
  readonly params: ParamAssignment;
  status: TrialStatus;
  rounds: TrialRoundMetrics[];
  completedRounds: number;
  /** Objective at the last finished segment (higher is better: losses negated). */
  score: number;
  stoppedBy?: 'asha' | 'time-budget';
  error?: string;
  /** Model after completedRounds, kept only while the trial may continue. */
  checkpoint?: TreeEnsembleModel;
}

/** Everything needed to continue a search after a crash; plain JSON. */
export interface SearchState {
  readonly version: 1;
  readonly config: HyperparameterSearchConfig;
  readonly sampler: SamplerState;
  readonly asha?: AshaState;
  readonly trials: readonly TrialRecord[];
  readonly elapsedMs: number;
}

export interface SearchOutcome {
  /** Best trial by objective among those that ran all rounds (or, failing that, any). */
  readonly best?: TrialRecord;
  readonly trials: readonly TrialRecord[];
  readonly state: SearchState;
}

export interface SearchCallbacks {
  /**
   * Every round of every trial, in order per trial (the trainer records them in the registry).
   * Rounds arrive when the segment that trained them returns, i.e. in batches between rungs.
   * After a crash the segment in flight is trained again and its rounds may be reported twice:
   * record them idempotently, keyed by (trial id, round).
   */
  readonly onRound?: (trial: Readonly<TrialRecord>, round: TrialRoundMetrics) => void;
  readonly onTrialEnd?: (trial: Readonly<TrialRecord>) => void;
  /** Called whenever the state changes; persist it to resume after a crash. */
  readonly onState?: (state: SearchState) => void | Promise<void>;
}
