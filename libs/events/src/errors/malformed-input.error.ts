import { EventInputError } from './event-input.error';

/** The object is not readable in its format at all (corrupt gzip, a JSON array that does not parse, a broken CSV). */
export class MalformedInputError extends EventInputError {
  constructor(
    readonly line: number | undefined,
    readonly detail: string,
  ) {
    super(line === undefined ? `malformed input: ${detail}` : `malformed input at line ${line}: ${detail}`, 'MALFORMED_INPUT');
  }
}
