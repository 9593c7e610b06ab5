import { IngestError } from './ingest.error';

/** The Idempotency-Key was used (within 24 h) for a request with another body or content type. */
export class IdempotencyKeyReusedError extends IngestError {
  constructor(readonly key: string) {
    super(
      `Idempotency-Key ${JSON.stringify(key)} was already used for a different request (another body or content type) in the last 24 h: use a new key for a new request`,
      'IDEMPOTENCY_KEY_REUSED',
      false,
    );
  }
}
