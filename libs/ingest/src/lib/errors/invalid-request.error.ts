import { IngestError } from './ingest.error';

/** A job request with a bad parameter; the message names it and what it expects. */
export class InvalidRequestError extends IngestError {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`, 'INVALID_REQUEST', false);
  }
}
