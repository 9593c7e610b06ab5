import type { DatabaseSchema } from '@platform/database';
import { IngestSchema1767225600200 } from './ingest.migration';
import { ReplayCursorEntity } from './replay-cursor.entity';

/** The gateway's own share of the platform database: the replays' cursors (for `DatabaseModule.forRoot`). */
export const INGEST_SCHEMA: DatabaseSchema = {
  name: 'ingest',
  entities: [ReplayCursorEntity],
  migrations: [IngestSchema1767225600200],
};
