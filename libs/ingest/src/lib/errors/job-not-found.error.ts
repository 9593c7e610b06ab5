import { IngestError } from './ingest.error';

export class JobNotFoundError extends IngestError {
  constructor(readonly jobId: string) {
    super(`no job ${JSON.stringify(jobId)} (jobs are kept in the database: is the id right?)`, 'JOB_NOT_FOUND', false);
  }
}
