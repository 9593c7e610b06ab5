import type { DatabaseConfig } from '@platform/app-runtime';
import { openPlatformDataSource } from '@platform/database';
import { REGISTRY_SCHEMA, RegistryService } from '@platform/model-registry';
import { OFFLINE_STORE_SCHEMA, OfflineEventStore } from '@platform/offline-store';
import { Lake } from '@platform/s3-lake';
import { DataSource } from 'typeorm';
import { ModelArtifactStore } from '../lib/artifacts/model-artifact-store';
import { TrainingDatasetBuilder } from '../lib/dataset/training-dataset.builder';
import { TrainingPipeline } from '../lib/pipeline/training-pipeline';
import { ThreadTrialExecutorProvider } from '../lib/pipeline/trial-executor.provider';
import { ChampionScorer } from '../lib/promotion/champion-scorer';
import { ModelPromotionService } from '../lib/promotion/model-promotion.service';
import { CHAMPION_ALIAS, DEFAULT_PROMOTION_MIN_AUC_GAIN } from '../lib/promotion/promotion-policy';
import { RecordingAnnouncer } from './recording-announcer';

/** A training pipeline over a given database and lake, wired as TrainingModule wires it (announcements recorded). */
export interface TrainingHarness {
  dataSource: DataSource;
  offline: OfflineEventStore;
  registry: RegistryService;
  artifacts: ModelArtifactStore;
  announcer: RecordingAnnouncer;
  promotion: ModelPromotionService;
  pipeline: TrainingPipeline;
  close(): Promise<void>;
}

export async function openTrainingHarness(database: DatabaseConfig, lake: Lake): Promise<TrainingHarness> {
  await lake.ensureBuckets();
  const dataSource = await openPlatformDataSource(database, [REGISTRY_SCHEMA, OFFLINE_STORE_SCHEMA]);
  const offline = new OfflineEventStore(dataSource);
  const registry = new RegistryService(dataSource);
  const artifacts = new ModelArtifactStore(lake);
  const announcer = new RecordingAnnouncer();
  const promotion = new ModelPromotionService(registry, new ChampionScorer(artifacts), announcer, {
    alias: CHAMPION_ALIAS,
    minAucGain: DEFAULT_PROMOTION_MIN_AUC_GAIN,
  });
  const pipeline = new TrainingPipeline({
    registry,
    datasets: new TrainingDatasetBuilder(offline),
    artifacts,
    promotion,
    executors: new ThreadTrialExecutorProvider(),
    codeVersion: 'test',
  });
  return {
    dataSource,
    offline,
    registry,
    artifacts,
    announcer,
    promotion,
    pipeline,
    close: async () => {
      await dataSource.destroy();
      await lake.close();
    },
  };
}
