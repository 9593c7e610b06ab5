import { DynamicModule, Inject, Module, NestModule, Provider } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiKeyGuard, IngestConfig, PlatformConfig } from '@platform/app-runtime';
import type { FastifyInstance } from 'fastify';
import { DatabaseModule } from '@platform/database';
import { EventBusModule } from '@platform/kafka-events';
import { PlatformMetricsModule } from '@platform/metrics';
import { OFFLINE_STORE_SCHEMA, OfflineStoreModule } from '@platform/offline-store';
import { LakeModule } from '@platform/s3-lake';
import { BulkLoader } from './bulk-load/bulk-loader';
import { INGEST_SCHEMA } from './database/ingest.schema';
import { BronzeBatchWriter } from './events/bronze-batch-writer';
import { EventBodyReader } from './events/event-body-reader';
import { EventParseWorkers } from './events/event-parse-workers';
import { EventIntake } from './events/event-intake.service';
import { IdempotencyKeyJanitor } from './idempotency/idempotency-key.janitor';
import { IdempotencyKeyStore } from './idempotency/idempotency-key.store';
import { EventsController } from './events/events.controller';
import { BRONZE_BATCH_OPTIONS, INGEST_CONFIG, LAKE_ANNOUNCER_OPTIONS, NOTIFICATION_SENDER } from './ingest.constants';
import { installIngestHttp } from './http/install-ingest-http';
import { IngestLifecycle } from './ingest.lifecycle';
import { ingestMetrics } from './ingest.metrics';
import { IngestJobs } from './jobs/ingest-jobs.service';
import { InterruptedJobsResumer } from './jobs/interrupted-jobs.resumer';
import { JobRegistry } from './jobs/job-registry';
import { JobStore } from './jobs/job.store';
import { JobsController } from './jobs/jobs.controller';
import { BronzeReconciler } from './notifications/bronze-reconciler';
import { DataStreamingSender } from './notifications/data-streaming.sender';
import { LakeAnnouncer } from './notifications/lake-announcer';
import { DatasourceReplayer } from './replay/datasource-replayer';
import { ReplayCursorStore } from './replay/replay-cursor.store';
import { ReplayScheduler } from './replay/replay-scheduler';

/** The gateway's consumer group id (it consumes nothing today; Kafka clients want one). */
const INGEST_GATEWAY_GROUP = 'ingest-gateway';

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
export class IngestModule implements NestModule {
  static forRoot(config: PlatformConfig, options: IngestModuleOptions = {}): DynamicModule {
    const { ingest, namespaces } = config;
    const providers: Provider[] = [
      { provide: INGEST_CONFIG, useValue: ingest },
      { provide: BRONZE_BATCH_OPTIONS, useValue: { maxEvents: ingest.batchMaxEvents, maxDelayMs: ingest.batchMaxDelayMs } },
      { provide: LAKE_ANNOUNCER_OPTIONS, useValue: { mode: ingest.lakeNotifications } },
      { provide: NOTIFICATION_SENDER, useClass: DataStreamingSender },
      LakeAnnouncer,
      BronzeBatchWriter,
      EventParseWorkers,
      EventBodyReader,
      EventIntake,
      IdempotencyKeyStore,
      IdempotencyKeyJanitor,
      ReplayCursorStore,
      BulkLoader,
      DatasourceReplayer,
      BronzeReconciler,
      JobStore,
      JobRegistry,
      IngestJobs,
      ApiKeyGuard,
      IngestLifecycle,
      // The CLI (schedule false) neither schedules nor takes over other gateways' jobs.
      ...(options.schedule === false ? [] : [ReplayScheduler, InterruptedJobsResumer]),
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

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    private readonly parseWorkers: EventParseWorkers,
  ) {}

  /** Before Nest registers the routes (HTTP apps only): the API key hook and the body parsers go in front of them. */
  configure(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter?.getType() !== 'fastify') {
      throw new Error(`IngestModule needs the Fastify HTTP adapter (runService http: 'fastify'), not ${adapter?.getType()}`);
    }
    installIngestHttp(adapter.getInstance<FastifyInstance>(), this.config.apiKey);
    // An HTTP app takes POST /events: its parse threads start with it, not on the first request.
    this.parseWorkers.start();
  }
}
