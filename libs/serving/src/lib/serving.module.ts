import { DynamicModule, Inject, Module, NestModule } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InferenceConfig, PlatformConfig } from '@platform/app-runtime';
import { DatabaseModule } from '@platform/database';
import { EventBusModule } from '@platform/kafka-events';
import { PlatformMetricsModule } from '@platform/metrics';
import { ModelRegistryModule, REGISTRY_SCHEMA, RegistryService } from '@platform/model-registry';
import { ONLINE_FEATURE_STORE, OnlineFeatureStore, OnlineFeatureStoreModule } from '@platform/redis-feature-store';
import { LAKE, Lake, LakeModule } from '@platform/s3-lake';
import type { FastifyInstance } from 'fastify';
import { PromotionSubscriber } from './bus/promotion-subscriber';
import { ServingBusController } from './bus/serving-bus.controller';
import { DriftReporter } from './drift/drift-reporter';
import { FeatureReader } from './features/feature-reader';
import { installPredictHttp } from './http/install-predict-http';
import { PredictController } from './http/predict.controller';
import { ChampionWatcher } from './model/champion-watcher';
import { ModelHolder } from './model/model-holder';
import { ModelLoader } from './model/model-loader';
import { PredictEndpoint } from './prediction/predict-endpoint.service';
import { PredictionService } from './prediction/prediction.service';
import { INFERENCE_API_GROUP, SERVING_CONFIG } from './serving.constants';
import { ServingLifecycle } from './serving.lifecycle';
import { servingMetrics } from './serving.metrics';

/**
 * The inference API's capabilities (DESIGN.md section 8), adapters chosen by the configuration:
 * `POST /predict` (Fastify), `inference.predict` request-reply and `model.promoted` on the bus,
 * the champion loaded before the app listens and swapped while it serves, drift gauges.
 * The app attaches the bus consumer with `connectEventBus`.
 */
@Module({})
export class ServingModule implements NestModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    const { inference, namespaces } = config;
    return {
      module: ServingModule,
      imports: [
        LakeModule.forRoot({ config: config.lake, bucketPrefix: namespaces.bucketPrefix }),
        OnlineFeatureStoreModule.forRoot({ config: config.onlineStore, keyPrefix: namespaces.redisKeyPrefix, connectionName: config.app }),
        DatabaseModule.forRoot(config.database, [REGISTRY_SCHEMA]),
        ModelRegistryModule,
        EventBusModule.forRoot(config.kafka, { clientId: config.app, groupId: INFERENCE_API_GROUP, topicPrefix: namespaces.topicPrefix }),
        PlatformMetricsModule.forFeature(Object.values(servingMetrics)),
      ],
      controllers: [PredictController, ServingBusController],
      providers: [
        { provide: SERVING_CONFIG, useValue: inference },
        { provide: ModelHolder, useFactory: () => new ModelHolder(inference.model) },
        { provide: ModelLoader, inject: [LAKE], useFactory: (lake: Lake) => new ModelLoader(lake, inference.driftWindow) },
        { provide: FeatureReader, inject: [ONLINE_FEATURE_STORE], useFactory: (store: OnlineFeatureStore) => new FeatureReader(store) },
        {
          provide: PredictionService,
          inject: [ModelHolder, FeatureReader],
          useFactory: (holder: ModelHolder, reader: FeatureReader) => new PredictionService(holder, reader),
        },
        {
          provide: PredictEndpoint,
          inject: [PredictionService],
          useFactory: (predictions: PredictionService) => new PredictEndpoint(predictions, inference.maxItems),
        },
        {
          provide: ChampionWatcher,
          inject: [RegistryService, ModelLoader, ModelHolder],
          useFactory: (registry: RegistryService, loader: ModelLoader, holder: ModelHolder) => new ChampionWatcher(registry, loader, holder),
        },
        { provide: DriftReporter, inject: [ModelHolder], useFactory: (holder: ModelHolder) => new DriftReporter(holder) },
        ServingLifecycle,
        PromotionSubscriber,
      ],
      exports: [ModelHolder, ChampionWatcher, PredictionService],
    };
  }

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(SERVING_CONFIG) private readonly config: InferenceConfig,
  ) {}

  /** Before Nest registers the routes: the API key hook and the body parser must be in front of them. */
  configure(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter?.getType() !== 'fastify') throw new Error('ServingModule needs the Fastify adapter (runService({ http: "fastify" }))');
    installPredictHttp(adapter.getInstance<FastifyInstance>(), { apiKey: this.config.apiKey, maxBodyBytes: this.config.maxBodyBytes });
  }
}
