import { DynamicModule, Module, Provider } from '@nestjs/common';
import { ApiKeyGuard, PlatformConfig } from '@platform/app-runtime';
import { DatabaseModule } from '@platform/database';
import { DATA_STREAMING_TOPIC, EventBusModule, EventPublisher } from '@platform/kafka-events';
import { PlatformMetricsModule } from '@platform/metrics';
import { OFFLINE_STORE_SCHEMA, OfflineEventStore, OfflineStoreModule } from '@platform/offline-store';
import { LAKE, Lake, LakeModule } from '@platform/s3-lake';
import { BulkLoader } from './bulk-load/bulk-loader';
import { INGEST_SCHEMA } from './database/ingest.schema';
import { BronzeBatchWriter } from './events/bronze-batch-writer';
import { EventIntake } from './events/event-intake.service';
import { EventsController } from './events/events.controller';

import { INGEST_CONFIG } from './ingest.constants';
import { IngestLifecycle } from './ingest.lifecycle';
import { ingestMetrics } from './ingest.metrics';
import { IngestJobs } from './jobs/ingest-jobs.service';
import { JobRegistry } from './jobs/job-registry';
import { JobsController } from './jobs/jobs.controller';
import { BronzeReconciler } from './notifications/bronze-reconciler';
import { LakeAnnouncer } from './notifications/lake-announcer';
import { DatasourceReplayer } from './replay/datasource-replayer';
import { ReplayCursorStore } from './replay/replay-cursor.store';
import { ReplayScheduler } from './replay/replay-scheduler';

/** The gateway's consumer group id (it consumes nothing today; Kafka clients want one). */
export const INGEST_GATEWAY_GROUP = 'ingest-gateway';

export interface IngestModuleOptions {
  /** Run `REPLAY_CRON` (default true; the CLI turns it off). */
  schedule?: boolean;
}

/**
 * The ingest gateway's capabilities, adapters chosen by the configuration: `POST /events` into
 * bronze through the batching writer, bulk loads into `datasource`, the replay into bronze
 * (on demand and on `REPLAY_CRON`), the reconciliation, and `GET /jobs/:id`. Needs Fastify.
 */
@Module({})
export class IngestModule {
  static forRoot(config: PlatformConfig, options: IngestModuleOptions = {}): DynamicModule {
    const { ingest, namespaces } = config;
    const providers: Provider[] = [
      { provide: INGEST_CONFIG, useValue: ingest },
      {
        provide: LakeAnnouncer,
        inject: [EventPublisher],
        useFactory: (publisher: EventPublisher) =>
          new LakeAnnouncer((notification) => publisher.publish(DATA_STREAMING_TOPIC, notification), { mode: ingest.lakeNotifications }),
      },
      {
        provide: BronzeBatchWriter,
        inject: [LAKE, LakeAnnouncer],
        useFactory: (lake: Lake, announcer: LakeAnnouncer) =>
          new BronzeBatchWriter(lake, {
            maxEvents: ingest.batchMaxEvents,
            maxDelayMs: ingest.batchMaxDelayMs,
            onWritten: (object) => announcer.announce(object),
          }),
      },
      { provide: EventIntake, inject: [BronzeBatchWriter], useFactory: (writer: BronzeBatchWriter) => new EventIntake(writer) },
      ReplayCursorStore,
      { provide: BulkLoader, inject: [LAKE], useFactory: (lake: Lake) => new BulkLoader(lake) },
      {
        provide: DatasourceReplayer,
        inject: [LAKE, ReplayCursorStore, LakeAnnouncer],
        useFactory: (lake: Lake, cursors: ReplayCursorStore, announcer: LakeAnnouncer) => new DatasourceReplayer(lake, cursors, announcer),
      },
      {
        provide: BronzeReconciler,
        inject: [LAKE, OfflineEventStore, LakeAnnouncer],
        useFactory: (lake: Lake, offline: OfflineEventStore, announcer: LakeAnnouncer) => new BronzeReconciler(lake, offline, announcer),
      },
      { provide: JobRegistry, useFactory: () => new JobRegistry() },
      IngestJobs,
      ApiKeyGuard,
      IngestLifecycle,
      ...(options.schedule === false ? [] : [ReplayScheduler]),
    ];
    const lakeModule = LakeModule.forRoot({ config: config.lake, bucketPrefix: namespaces.bucketPrefix });
    return {
      module: IngestModule,
      imports: [
        lakeModule,
        // The reconciliation reads the offline store's `processed_objects`.
        DatabaseModule.forRoot(config.database, [OFFLINE_STORE_SCHEMA, INGEST_SCHEMA]),
        OfflineStoreModule,
        EventBusModule.forRoot(config.kafka, { clientId: config.app, groupId: INGEST_GATEWAY_GROUP, topicPrefix: namespaces.topicPrefix }),
        PlatformMetricsModule.forFeature(Object.values(ingestMetrics)),
      ],
      controllers: [EventsController, JobsController],
      providers,
      exports: [EventIntake, BronzeBatchWriter, LakeAnnouncer, BulkLoader, DatasourceReplayer, BronzeReconciler, JobRegistry, IngestJobs, lakeModule],
    };
  }
}
