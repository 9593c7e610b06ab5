import { IngestError } from './ingest.error';

/** The body cannot be read as a whole (malformed JSON, corrupt gzip, CSV without the required columns...). */
export class InvalidEventInputError extends IngestError {
  constructor(
    message: string,
    /** The libs/events error code (`MALFORMED_INPUT`, `MISSING_COLUMNS`, ...). */
    readonly inputCode: string,
    /** For malformed JSON: where the parser stopped, 0-based in characters, with 1-based line and column. */
    readonly position?: { offset: number; line: number; column: number },
  ) {
    super(message, 'INVALID_EVENT_INPUT', false);
  }
}
