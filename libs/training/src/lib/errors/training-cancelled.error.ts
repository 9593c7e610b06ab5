import { TrainingError } from './training.error';

/** The training was stopped before its end (the app shut down, or the CLI got SIGINT). */
export class TrainingCancelledError extends TrainingError {
  readonly code = 'TRAINING_CANCELLED';
  readonly retriable = true;

  constructor(stage: string) {
    super(`the training was cancelled during ${stage}`);
  }
}
