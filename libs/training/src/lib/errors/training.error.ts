import { TrainingErrorCode } from './training-error-code';

/** Base of the trainer's errors: a stable `code`, and whether the same call may succeed later. */
export abstract class TrainingError extends Error {
  abstract readonly code: TrainingErrorCode;
  abstract readonly retriable: boolean;

  protected constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
