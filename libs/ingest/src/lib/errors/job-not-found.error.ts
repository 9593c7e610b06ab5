import { IngestError } from './ingest.error';

export class JobNotFoundError extends IngestError {
  constructor(readonly jobId: string) {
    super(`no job ${JSON.stringify(jobId)} (jobs are kept in memory until the gateway restarts)`, 'JOB_NOT_FOUND', false);
  }
}
