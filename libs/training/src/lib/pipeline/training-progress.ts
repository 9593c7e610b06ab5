import type { ParamAssignment } from '@platform/ml';
import type { DatasetBuildProgress } from '../dataset/training-dataset.builder';

export type TrainingStage = 'dataset' | 'search' | 'final-fit' | 'export' | 'register' | 'promote' | 'done';

/** One finished trial, as the CLI's progress line shows it. */
export interface TrialProgress {
  readonly trialId: string;
  /** Trials finished so far (this one included) and the most the search will run. */
  readonly finished: number;
  readonly total: number;
  readonly params: ParamAssignment;
  readonly status: 'completed' | 'stopped' | 'failed';
  readonly rounds: number;
  /** The trial's last validation AUC, and the best of any trial so far. */
  readonly validationAuc: number;
  readonly bestValidationAuc: number;
  readonly elapsedMs: number;
  /** Until the search ends: by the trials left at the pace so far, or the time budget, whichever is sooner. */
  readonly etaMs: number;
}

/** What a training reports while it runs (all optional). */
export interface TrainingProgressListener {
  onStage?(stage: TrainingStage): void;
  onDataset?(progress: DatasetBuildProgress): void;
  onTrial?(progress: TrialProgress): void;
}
