import { IngestError } from './ingest.error';

/** The gateway is stopping and takes no new events; another replica (or this one, restarted) will. */
export class ShuttingDownError extends IngestError {
  readonly code = 'SHUTTING_DOWN';
  readonly retriable = true;

  constructor() {
    super('the gateway is shutting down: send the request again');
  }
}
