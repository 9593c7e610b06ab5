import type { DatabaseSchema } from '@platform/database';
import { CleanEventEntity } from './clean-event.entity';
import { CleanEventsSource1767225600120 } from './clean-events-source.migration';
import { ObjectStatus1767225600110 } from './object-status.migration';
import { OfflineStore1767225600100 } from './offline-store.migration';
import { ProcessedObjectEntity } from './processed-object.entity';

/** The offline store's share of the platform database (for `DatabaseModule.forRoot`). */
export const OFFLINE_STORE_SCHEMA: DatabaseSchema = {
  name: 'offline-store',
  entities: [CleanEventEntity, ProcessedObjectEntity],
  migrations: [OfflineStore1767225600100, ObjectStatus1767225600110, CleanEventsSource1767225600120],
};
