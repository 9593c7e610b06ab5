import { Module } from '@nestjs/common';
import { OfflineEventStore } from './offline-event-store';

/**
 * `OfflineEventStore` over the app's DataSource: import it beside
 * `DatabaseModule.forRoot(config.database, [OFFLINE_STORE_SCHEMA, ...])`.
 */
@Module({
  providers: [OfflineEventStore],
  exports: [OfflineEventStore],
})
export class OfflineStoreModule {}
