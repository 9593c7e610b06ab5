import { TrainingError } from './training.error';

/** The training was stopped before its end (the app shut down, or the CLI got SIGINT). */
export class TrainingCancelledError extends TrainingError {
  constructor(stage: string) {
    super(`the training was cancelled during ${stage}`, 'TRAINING_CANCELLED', true);
  }
}
