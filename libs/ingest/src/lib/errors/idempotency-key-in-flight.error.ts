import { IngestError } from './ingest.error';

/** Another request with the same Idempotency-Key is being processed: retry shortly, its answer will be replayed. */
export class IdempotencyKeyInFlightError extends IngestError {
  constructor(readonly key: string) {
    super(`a request with Idempotency-Key ${JSON.stringify(key)} is still being processed: retry in a moment to get its answer`, 'IDEMPOTENCY_KEY_IN_FLIGHT', true);
  }
}
