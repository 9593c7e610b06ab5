import { OFFLINE_STORE_EXTRAS } from '@platform/offline-store';
import { IngestSchema1767225600200 } from './ingest.migration';
import { ReplayCursorEntity } from './replay-cursor.entity';

/** The gateway's share of the platform database: its own table, and the offline store's (read for `processed_objects`). */
export const INGEST_EXTRAS = {
  entities: [ReplayCursorEntity, ...OFFLINE_STORE_EXTRAS.entities],
  migrations: [IngestSchema1767225600200, ...OFFLINE_STORE_EXTRAS.migrations],
};
