import { ServingErrorCode } from './serving-error-code';

/** Base of the inference API's errors: a stable `code`, and whether the same call may succeed later. */
export abstract class ServingError extends Error {
  abstract readonly code: ServingErrorCode;
  abstract readonly retriable: boolean;

  protected constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
