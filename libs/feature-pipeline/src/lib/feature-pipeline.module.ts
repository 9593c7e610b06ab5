import { DynamicModule, Inject, Module } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { installApiKeyBeforeBody, PLATFORM_CONFIG, PlatformConfig } from '@platform/app-runtime';
import type { FastifyInstance } from 'fastify';
import { DatabaseModule } from '@platform/database';
import { DEFAULT_FEATURE_TTL } from '@platform/features';
import { EventBusModule } from '@platform/kafka-events';
import { PlatformMetricsModule } from '@platform/metrics';
import { OFFLINE_STORE_SCHEMA, OfflineEventStore, OfflineStoreModule } from '@platform/offline-store';
import { ONLINE_FEATURE_STORE, ONLINE_STORE_GENERATIONS, OnlineFeatureStore, OnlineFeatureStoreModule, OnlineStoreGenerations } from '@platform/redis-feature-store';
import { LAKE, Lake, LakeModule } from '@platform/s3-lake';
import { ConsumerLagMonitor } from './consumer-lag-monitor';
import { LakeNotificationHandler } from './lake-notification-handler';
import { LakeNotificationsController } from './lake-notifications.controller';
import { LakeObjectProcessor } from './lake-object-processor';
import { GenerationCatchUp } from './materialize/generation-catch-up';
import { MaterializeJobRepository } from './materialize/materialize-job.repository';
import { MaterializeJobs } from './materialize/materialize-job.service';
import { MaterializeJobsController } from './materialize/materialize-jobs.controller';
import { MATERIALIZE_SCHEMA } from './materialize/materialize.schema';
import { DeadLetteredObjectsController } from './reprocessing/dead-lettered-objects.controller';
import { ObjectReprocessing } from './reprocessing/object-reprocessing.service';
import { streamProcessorMetrics } from './stream-processor.metrics';

/** The consumer group of `data_streaming`: replicas share its partitions (DESIGN.md section 12). */
const STREAM_PROCESSOR_GROUP = 'stream-processor';

/**
 * Lake notifications → features (online) and clean events (offline), with its adapters chosen by
 * the configuration. The app attaches the bus consumer with `connectEventBus`.
 */
@Module({})
export class FeaturePipelineModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    const { namespaces } = config;
    return {
      module: FeaturePipelineModule,
      imports: [
        LakeModule.forRoot({ config: config.lake, bucketPrefix: namespaces.bucketPrefix }),
        // One guard per object: the configured Redis is a single node (DESIGN.md section 6 keeps the
        // slot-split plan ready for Redis Cluster, where guards are per hash slot).
        OnlineFeatureStoreModule.forRoot({ config: config.onlineStore, keyPrefix: namespaces.redisKeyPrefix, guardScope: 'batch' }),
        DatabaseModule.forRoot(config.database, [OFFLINE_STORE_SCHEMA, MATERIALIZE_SCHEMA]),
        OfflineStoreModule,
        EventBusModule.forRoot(config.kafka, {
          clientId: config.app,
          groupId: STREAM_PROCESSOR_GROUP,
          topicPrefix: namespaces.topicPrefix,
          // Objects of different partitions in flight together: S3, Redis and PostgreSQL overlap.
          partitionsConsumedConcurrently: 4,
        }),
        PlatformMetricsModule.forFeature(Object.values(streamProcessorMetrics)),
      ],
      controllers: [LakeNotificationsController, DeadLetteredObjectsController, MaterializeJobsController],
      providers: [
        {
          provide: LakeObjectProcessor,
          inject: [LAKE, ONLINE_FEATURE_STORE, OfflineEventStore, ONLINE_STORE_GENERATIONS],
          useFactory: (lake: Lake, online: OnlineFeatureStore, offline: OfflineEventStore, generations: OnlineStoreGenerations) =>
            new LakeObjectProcessor(lake, online, offline, {
              maxInflatedBytes: config.ingest.maxInflatedBytes,
              catchUp: new GenerationCatchUp(generations, offline, DEFAULT_FEATURE_TTL),
            }),
        },
        LakeNotificationHandler,
        ConsumerLagMonitor,
        ObjectReprocessing,
        MaterializeJobRepository,
        MaterializeJobs,
      ],
      exports: [LakeObjectProcessor, OfflineStoreModule, ObjectReprocessing, MaterializeJobs],
    };
  }

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  /**
   * Before Nest registers the routes: on Fastify (the stream-processor app) `x-api-key` is checked
   * before the reprocessing endpoints' bodies are read (DESIGN.md section 13). Under Express only
   * the guard checks it, after Express read the (100 kB-bounded) body; without HTTP, nothing to do.
   */
  configure(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter?.getType() === 'fastify') installApiKeyBeforeBody(adapter.getInstance<FastifyInstance>(), this.config.ingest.apiKey);
  }
}

