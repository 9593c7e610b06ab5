import { AliasHistoryEntity } from '../entities/alias-history.entity';
import { ExperimentEntity } from '../entities/experiment.entity';
import { ModelVersionEntity } from '../entities/model-version.entity';
import { RegisteredModelEntity } from '../entities/registered-model.entity';
import { RunEntity } from '../entities/run.entity';
import { AliasHistoryEntry, Experiment, ModelVersion, RegisteredModel, Run } from './registry.types';

/** Rows to the plain objects the registry hands out (no TypeORM class leaks to callers). */
export function toExperiment(row: ExperimentEntity): Experiment {
  return { id: row.id, name: row.name, description: row.description, tags: row.tags, createdAt: row.createdAt };
}

export function toRun(row: RunEntity, latestMetrics: Record<string, number>): Run {
  return {
    id: row.id,
    experimentId: row.experimentId,
    name: row.name,
    status: row.status,
    params: row.params,
    tags: row.tags,
    datasetVersion: row.datasetVersion,
    codeVersion: row.codeVersion,
    startTime: row.startTime,
    endTime: row.endTime,
    latestMetrics,
  };
}

export function toRegisteredModel(row: RegisteredModelEntity): RegisteredModel {
  return { id: row.id, name: row.name, description: row.description, createdAt: row.createdAt };
}

export function toModelVersion(row: ModelVersionEntity, model: string, aliases: string[]): ModelVersion {
  return {
    id: row.id,
    model,
    version: row.version,
    runId: row.runId,
    artifactUri: row.artifactUri,
    metrics: row.metrics,
    featureSchema: row.featureSchema,
    status: row.status,
    description: row.description,
    createdAt: row.createdAt,
    aliases,
  };
}

export function toAliasHistoryEntry(row: AliasHistoryEntity, model: string): AliasHistoryEntry {
  return {
    model,
    alias: row.alias,
    seq: row.seq,
    fromVersion: row.fromVersion,
    toVersion: row.toVersion,
    actor: row.actor,
    reason: row.reason,
    at: row.at,
  };
}
