import { IngestErrorCode } from './ingest-error-code';

/** Base of the gateway's errors: a stable `code`, and whether the same call may succeed later. */
export abstract class IngestError extends Error {
  abstract readonly code: IngestErrorCode;
  abstract readonly retriable: boolean;

  protected constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
