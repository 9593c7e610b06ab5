import { IngestError } from './ingest.error';

export class JobNotFoundError extends IngestError {
  readonly code = 'JOB_NOT_FOUND';
  readonly retriable = false;

  constructor(readonly jobId: string) {
    super(`no job ${JSON.stringify(jobId)} (jobs are kept in memory until the gateway restarts)`);
  }
}
