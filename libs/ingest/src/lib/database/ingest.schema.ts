import type { DatabaseSchema } from '@platform/database';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { IngestIdempotencyKeys1767225600300 } from './idempotency-keys.migration';
import { IngestSchema1767225600200 } from './ingest.migration';
import { JobEntity } from './job.entity';
import { IngestJobs1767225600400 } from './jobs.migration';
import { ReplayCursorEntity } from './replay-cursor.entity';

/** The gateway's own share of the platform database: replay cursors, idempotency keys and jobs (for `DatabaseModule.forRoot`). */
export const INGEST_SCHEMA: DatabaseSchema = {
  name: 'ingest',
  entities: [ReplayCursorEntity, IdempotencyKeyEntity, JobEntity],
  migrations: [IngestSchema1767225600200, IngestIdempotencyKeys1767225600300, IngestJobs1767225600400],
};
