import { IngestError } from './ingest.error';

/** The bronze object holding the request's events could not be written: nothing was acknowledged, send again. */
export class BatchWriteFailedError extends IngestError {
  constructor(
    readonly events: number,
    cause: unknown,
  ) {
    super(
      `writing a batch of ${events} events to the lake failed, none of them was accepted: ${(cause as Error)?.message ?? String(cause)}`,
      'BATCH_WRITE_FAILED',
      true,
      { cause },
    );
  }
}
