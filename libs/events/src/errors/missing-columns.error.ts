import { EventInputError } from './event-input.error';

/** The CSV header lacks required columns; names every one of them. */
export class MissingColumnsError extends EventInputError {
  constructor(
    readonly missing: readonly string[],
    readonly header: readonly string[],
  ) {
    super(`CSV header lacks required column(s) ${missing.join(', ')}; header was: ${header.join(',')}`, 'MISSING_COLUMNS');
  }
}
