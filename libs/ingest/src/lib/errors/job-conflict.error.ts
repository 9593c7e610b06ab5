import { IngestError } from './ingest.error';

/** A replay of the same cursor is already running: two would copy the same objects. */
export class JobConflictError extends IngestError {
  constructor(
    readonly runningJobId: string,
    what: string,
  ) {
    super(`${what} is already running as job ${runningJobId}`, 'JOB_CONFLICT', true);
  }
}
