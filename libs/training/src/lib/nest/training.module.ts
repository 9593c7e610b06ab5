import { DynamicModule, Module, Provider, Type } from '@nestjs/common';
import { PlatformConfig, TrainerConfig } from '@platform/app-runtime';
import { EventBusModule, EventPublisher, TRAINER_TRIALS_TOPIC } from '@platform/kafka-events';
import { PlatformMetricsModule } from '@platform/metrics';
import { DatabaseModule } from '@platform/database';
import { ModelRegistryModule, REGISTRY_SCHEMA, RegistryService } from '@platform/model-registry';
import { OFFLINE_STORE_SCHEMA, OfflineEventStore, OfflineStoreModule } from '@platform/offline-store';
import { LAKE, Lake, LakeModule } from '@platform/s3-lake';
import { ModelArtifactStore } from '../artifacts/model-artifact-store';
import { BusPromotionAnnouncer } from '../bus/bus-promotion.announcer';
import { TrainerRequestsController } from '../bus/trainer-requests.controller';
import { TrainerRequestsHandler } from '../bus/trainer-requests.handler';
import { TrainingDatasetBuilder } from '../dataset/training-dataset.builder';
import { ModelViews } from '../http/model-views.service';
import { ModelsController } from '../http/models.controller';
import { RunViews } from '../http/run-views.service';
import { TrainingController } from '../http/training.controller';
import { TrainingPipeline } from '../pipeline/training-pipeline';
import { ThreadTrialExecutorProvider, TrialExecutorProvider, TrialExecutorSwitch } from '../pipeline/trial-executor.provider';
import { TrainerTrialsController } from '../bus/trainer-trials.controller';
import { KafkaTrialExecutorProvider } from '../trials/kafka/kafka-trial-executor.provider';
import { StudyStore } from '../trials/kafka/study-store';
import { STUDY_DATASET_KEY, TrialSegmentWorker } from '../trials/kafka/trial-segment.worker';
import { PiscinaTrialExecutor } from '../trials/piscina-trial.executor';
import { ChampionScorer } from '../promotion/champion-scorer';
import { ModelPromotionService } from '../promotion/model-promotion.service';
import { CHAMPION_ALIAS } from '../promotion/promotion-policy';
import { TrainingRuns } from '../runs/training-runs.service';
import { TrainingScheduler } from '../schedule/training-scheduler';
import { trainerMetrics } from '../training.metrics';
import { TRAINER_CONFIG, TRAINER_GROUP, TRAINER_WORKER_GROUP, TRIAL_EXECUTOR_PROVIDER } from './training.constants';

export interface TrainingModuleOptions {
  /** REST controllers and the `trainer.requests` handler (default true; the CLI turns them off). */
  serve?: boolean;
  /** Run `TRAIN_CRON` (default true; the CLI turns it off). */
  schedule?: boolean;
  /** The bundled trial worker (apps/trainer passes it); default: the source file next to the executor. */
  trialWorkerFilename?: string;
}

/**
 * The trainer's capability, adapters chosen by the configuration: trainings (one at a time) from
 * REST, `trainer.requests`, `TRAIN_CRON` or the CLI; the registry and model views; `model.promoted`.
 * The app attaches the bus consumer with `connectEventBus`.
 */
@Module({})
export class TrainingModule {
  static forRoot(config: PlatformConfig, options: TrainingModuleOptions = {}): DynamicModule {
    const { namespaces, trainer } = config;
    const serve = options.serve !== false;
    const worker = trainer.role === 'worker';
    const providers: Provider[] = [
      { provide: TRAINER_CONFIG, useValue: trainer satisfies TrainerConfig },
      { provide: TrainingDatasetBuilder, inject: [OfflineEventStore], useFactory: (offline: OfflineEventStore) => new TrainingDatasetBuilder(offline) },
      { provide: ModelArtifactStore, inject: [LAKE], useFactory: (lake: Lake) => new ModelArtifactStore(lake) },
      { provide: ChampionScorer, inject: [ModelArtifactStore], useFactory: (artifacts: ModelArtifactStore) => new ChampionScorer(artifacts) },
      BusPromotionAnnouncer,
      {
        provide: ModelPromotionService,
        inject: [RegistryService, ChampionScorer, BusPromotionAnnouncer],
        useFactory: (registry: RegistryService, champions: ChampionScorer, announcer: BusPromotionAnnouncer) =>
          new ModelPromotionService(registry, champions, announcer, { alias: CHAMPION_ALIAS, minAucGain: trainer.promotionMinAucGain }),
      },
      { provide: StudyStore, inject: [LAKE], useFactory: (lake: Lake) => new StudyStore(lake) },
      {
        provide: TRIAL_EXECUTOR_PROVIDER,
        inject: [RegistryService, StudyStore, EventPublisher],
        useFactory: (registry: RegistryService, store: StudyStore, publisher: EventPublisher) =>
          new TrialExecutorSwitch({
            threads: new ThreadTrialExecutorProvider(options.trialWorkerFilename),
            // On the in-process bus no worker of another process could ever answer.
            ...(config.kafka.kind === 'kafka'
              ? { kafka: new KafkaTrialExecutorProvider({ registry, store, publish: (trial) => publisher.publish(TRAINER_TRIALS_TOPIC, trial) }) }
              : {}),
          }),
      },
      {
        provide: TrainingPipeline,
        inject: [RegistryService, TrainingDatasetBuilder, ModelArtifactStore, ModelPromotionService, TRIAL_EXECUTOR_PROVIDER, StudyStore],
        useFactory: (
          registry: RegistryService,
          datasets: TrainingDatasetBuilder,
          artifacts: ModelArtifactStore,
          promotion: ModelPromotionService,
          executors: TrialExecutorProvider,
          studies: StudyStore,
        ) => new TrainingPipeline({ registry, datasets, artifacts, promotion, executors, studies, codeVersion: `${config.build.version}@${config.build.commit}` }),
      },
      TrainingRuns,
      RunViews,
      ModelViews,
      TrainerRequestsHandler,
      ...(options.schedule === false || worker ? [] : [TrainingScheduler]),
      ...(worker
        ? [
            {
              // One segment at a time per worker process, on a worker thread: the event loop stays free for Kafka's heartbeats.
              provide: TrialSegmentWorker,
              inject: [RegistryService, StudyStore],
              useFactory: (registry: RegistryService, store: StudyStore) =>
                new TrialSegmentWorker(registry, store, (datasets) =>
                  new PiscinaTrialExecutor({
                    datasets: { [STUDY_DATASET_KEY]: datasets },
                    threads: 1,
                    ...(options.trialWorkerFilename === undefined ? {} : { workerFilename: options.trialWorkerFilename }),
                  }),
                ),
            },
          ]
        : []),
    ];
    // A worker answers health and metrics, and trains trainer.trials; a coordinator serves the API and trainer.requests.
    const controllers: Type[] = !serve ? [] : worker ? [TrainerTrialsController] : [TrainingController, ModelsController, TrainerRequestsController];
    return {
      module: TrainingModule,
      imports: [
        LakeModule.forRoot({ config: config.lake, bucketPrefix: namespaces.bucketPrefix }),
        DatabaseModule.forRoot(config.database, [REGISTRY_SCHEMA, OFFLINE_STORE_SCHEMA]),
        ModelRegistryModule,
        OfflineStoreModule,
        EventBusModule.forRoot(config.kafka, {
          clientId: config.app,
          groupId: trainer.role === 'worker' ? TRAINER_WORKER_GROUP : TRAINER_GROUP,
          topicPrefix: namespaces.topicPrefix,
        }),
        PlatformMetricsModule.forFeature(Object.values(trainerMetrics)),
      ],
      controllers,
      providers,
      exports: [TrainingRuns, TrainingPipeline, ModelViews, RunViews, ModelPromotionService],
    };
  }
}
