import { EventInputError } from './event-input.error';

/** A JSON array is parsed whole, so it has a size limit; CSV and NDJSON stream and have none. */
export class InputTooLargeError extends EventInputError {
  readonly code = 'INPUT_TOO_LARGE';

  constructor(readonly limitBytes: number) {
    super(`JSON array input exceeds ${limitBytes} bytes; send large inputs as NDJSON or CSV, which are streamed`);
  }
}
