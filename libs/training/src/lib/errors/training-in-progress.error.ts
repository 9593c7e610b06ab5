import { TrainingError } from './training.error';

/** One training at a time: another is running. */
export class TrainingInProgressError extends TrainingError {
  constructor(readonly runId: string) {
    super(`a training is already running (run ${runId}): wait for it to end (GET /runs/${runId}) and ask again`, 'TRAINING_IN_PROGRESS', true);
  }
}
