import { TrainingError } from './training.error';

/** A run id that names no run of the trainer. */
export class TrainingRunNotFoundError extends TrainingError {
  readonly code = 'TRAINING_RUN_NOT_FOUND';
  readonly retriable = false;

  constructor(readonly runId: string) {
    super(`run ${JSON.stringify(runId)} not found`);
  }
}
