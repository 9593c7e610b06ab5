import { ServingError } from './serving.error';

/** A body over `INFERENCE_MAX_BODY_BYTES`, refused before it is buffered whole. */
export class BodyTooLargeError extends ServingError {
  constructor(readonly limit: number) {
    super(
      `request body exceeds the limit of ${limit} bytes (INFERENCE_MAX_BODY_BYTES): send fewer items per request`,
      'BODY_TOO_LARGE',
      false,
    );
  }
}
