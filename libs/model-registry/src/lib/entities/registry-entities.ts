import { AliasHistoryEntity } from './alias-history.entity';
import { ExperimentEntity } from './experiment.entity';
import { LatestMetricEntity } from './latest-metric.entity';
import { MetricPointEntity } from './metric-point.entity';
import { ModelAliasEntity } from './model-alias.entity';
import { ModelVersionEntity } from './model-version.entity';
import { RegisteredModelEntity } from './registered-model.entity';
import { RunEntity } from './run.entity';

export const registryEntities = [
  ExperimentEntity,
  RunEntity,
  MetricPointEntity,
  LatestMetricEntity,
  RegisteredModelEntity,
  ModelVersionEntity,
  ModelAliasEntity,
  AliasHistoryEntity,
];
