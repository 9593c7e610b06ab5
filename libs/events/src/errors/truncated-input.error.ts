import { EventInputError } from './event-input.error';

/**
 * The gzip stream ended before its end marker. Every complete line before the cut has already
 * been yielded; `afterLine` is the last of them.
 */
export class TruncatedInputError extends EventInputError {
  constructor(
    readonly afterLine: number,
    readonly detail: string,
  ) {
    super(`input is truncated after line ${afterLine}: ${detail}`, 'TRUNCATED_INPUT');
  }
}
