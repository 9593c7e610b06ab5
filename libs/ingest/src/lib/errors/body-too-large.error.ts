import { IngestError } from './ingest.error';

/** A `POST /events` body over `INGEST_MAX_BODY_BYTES` (declared or as sent): nothing of it is accepted. */
export class BodyTooLargeError extends IngestError {
  constructor(readonly limitBytes: number) {
    super(
      `request body exceeds the limit of ${limitBytes} bytes (INGEST_MAX_BODY_BYTES): split it, or load large files with POST /bulk-loads`,
      'BODY_TOO_LARGE',
      false,
    );
  }
}
