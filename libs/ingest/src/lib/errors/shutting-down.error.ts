import { IngestError } from './ingest.error';

/** The gateway is stopping and takes no new events; another replica (or this one, restarted) will. */
export class ShuttingDownError extends IngestError {
  constructor() {
    super('the gateway is shutting down: send the request again', 'SHUTTING_DOWN', true);
  }
}
