import { Inject, Injectable } from '@nestjs/common';
import { PLATFORM_DATA_SOURCE } from '@platform/database';
import { DataSource } from 'typeorm';
import { MetricLogService } from './metric-log.service';
import { ModelAliasesService } from './model-aliases.service';
import { ModelCatalogService } from './model-catalog.service';
import { ModelRef } from './model-ref';
import { RunTrackingService } from './run-tracking.service';
import {
  AliasChange,
  AliasHistoryEntry,
  CreateRunInput,
  Experiment,
  MetricHistoryPoint,
  MetricPoint,
  ModelVersion,
  ModelVersionStatus,
  ParamValue,
  RegisteredModel,
  RegisterVersionInput,
  Run,
  SearchRunsQuery,
} from './registry.types';

/**
 * The MLflow-like registry in one object, over an opened DataSource (see `openPlatformDataSource`).
 * Usable from scripts and tests (`new RegistryService(dataSource)`) as well as through `ModelRegistryModule`.
 */
@Injectable()
export class RegistryService {
  private readonly runs: RunTrackingService;
  private readonly metrics: MetricLogService;
  private readonly models: ModelCatalogService;
  private readonly aliases: ModelAliasesService;

  constructor(@Inject(PLATFORM_DATA_SOURCE) dataSource: DataSource) {
    this.runs = new RunTrackingService(dataSource);
    this.metrics = new MetricLogService(dataSource);
    this.models = new ModelCatalogService(dataSource);
    this.aliases = new ModelAliasesService(dataSource);
  }

  // Experiments and runs
  createExperiment(name: string, options?: { description?: string; tags?: Record<string, string> }): Promise<Experiment> {
    return this.runs.getOrCreateExperiment(name, options);
  }
  getExperiment(name: string): Promise<Experiment> {
    return this.runs.getExperiment(name);
  }
  createRun(input: CreateRunInput): Promise<Run> {
    return this.runs.createRun(input);
  }
  getRun(runId: string): Promise<Run> {
    return this.runs.getRun(runId);
  }
  finishRun(runId: string, endTime?: Date): Promise<Run> {
    return this.runs.endRun(runId, 'FINISHED', { endTime });
  }
  failRun(runId: string, reason?: string, endTime?: Date): Promise<Run> {
    return this.runs.endRun(runId, 'FAILED', { reason, endTime });
  }
  killRun(runId: string, reason?: string): Promise<Run> {
    return this.runs.endRun(runId, 'KILLED', { reason });
  }
  logParams(runId: string, params: Record<string, ParamValue>): Promise<void> {
    return this.runs.logParams(runId, params);
  }
  setTags(runId: string, tags: Record<string, string>): Promise<void> {
    return this.runs.setTags(runId, tags);
  }
  searchRuns(query?: SearchRunsQuery): Promise<Run[]> {
    return this.runs.searchRuns(query);
  }

  // Metrics
  logMetrics(runId: string, points: MetricPoint[]): Promise<void> {
    return this.metrics.logMetrics(runId, points);
  }
  getMetricHistory(runId: string, key: string): Promise<MetricHistoryPoint[]> {
    return this.metrics.getMetricHistory(runId, key);
  }

  // Models and versions
  createModel(name: string, description?: string): Promise<RegisteredModel> {
    return this.models.getOrCreateModel(name, description);
  }
  getModel(name: string): Promise<RegisteredModel> {
    return this.models.getModel(name);
  }
  listModels(): Promise<RegisteredModel[]> {
    return this.models.listModels();
  }
  registerVersion(input: RegisterVersionInput): Promise<ModelVersion> {
    return this.models.registerVersion(input);
  }
  getVersion(name: string, version: number): Promise<ModelVersion> {
    return this.models.getVersion(name, version);
  }
  listVersions(name: string): Promise<ModelVersion[]> {
    return this.models.listVersions(name);
  }
  setVersionStatus(name: string, version: number, status: ModelVersionStatus): Promise<ModelVersion> {
    return this.models.setVersionStatus(name, version, status);
  }
  /** `name@alias` or `name/version`. */
  resolve(ref: string | ModelRef): Promise<ModelVersion> {
    return this.models.resolve(ref);
  }

  // Aliases
  setAlias(name: string, alias: string, version: number, change: AliasChange): Promise<AliasHistoryEntry | null> {
    return this.aliases.setAlias(name, alias, version, change);
  }
  deleteAlias(name: string, alias: string, change: AliasChange): Promise<AliasHistoryEntry> {
    return this.aliases.deleteAlias(name, alias, change);
  }
  aliasHistory(name: string, alias?: string): Promise<AliasHistoryEntry[]> {
    return this.aliases.aliasHistory(name, alias);
  }
}
