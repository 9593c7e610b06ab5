import { EventInputError } from './event-input.error';

/**
 * The input is bigger than the caller allows: its decompressed size (`inflated`, every format:
 * the defence against gzip bombs) or, for a JSON array, which is parsed whole, its size
 * (`json_array`). Every complete record before the limit has already been yielded.
 */
export class InputTooLargeError extends EventInputError {
  constructor(
    readonly limitBytes: number,
    readonly limit: 'inflated' | 'json_array' = 'json_array',
  ) {
    super(
      limit === 'inflated'
        ? `input inflates to more than ${limitBytes} bytes; nothing after that point is read`
        : `JSON array input exceeds ${limitBytes} bytes; send large inputs as NDJSON or CSV, which are streamed`,
      'INPUT_TOO_LARGE',
    );
  }
}
