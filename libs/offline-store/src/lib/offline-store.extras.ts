import { CleanEventEntity } from './clean-event.entity';
import { OfflineStore1767225600100 } from './offline-store.migration';
import { ProcessedObjectEntity } from './processed-object.entity';

/** The offline store's share of the platform database (pass to `openPlatformDataSource`). */
export const OFFLINE_STORE_EXTRAS = {
  entities: [CleanEventEntity, ProcessedObjectEntity],
  migrations: [OfflineStore1767225600100],
};
