import { IngestError } from './ingest.error';

/** As many jobs of a kind as the gateway runs at once are running (429): retry when one has ended. */
export class TooManyJobsError extends IngestError {
  constructor(
    readonly kind: string,
    readonly limit: number,
    setting: string,
  ) {
    super(`${limit} ${kind} job(s) are already running, the most this gateway runs at once (${setting}): retry when one has ended (GET /jobs)`, 'TOO_MANY_JOBS', true);
  }
}
