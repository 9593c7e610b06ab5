import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { lockForUpdate, writeTransaction } from '@platform/database';
import { ExperimentEntity } from '../entities/experiment.entity';
import { LatestMetricEntity } from '../entities/latest-metric.entity';
import { RunEntity } from '../entities/run.entity';
import {
  ExperimentNotFoundError,
  InvalidRegistryInputError,
  InvalidRunStateError,
  ParamConflictError,
  RunNotFoundError,
} from './registry.errors';
import {
  comparisonOrThrow,
  finiteOrThrow,
  keyOrThrow,
  nameOrThrow,
  paramValueOrThrow,
  stringRecordOrThrow,
} from './registry-input.validation';
import { toExperiment, toRun } from './registry-views';
import { CreateRunInput, Experiment, ParamValue, Run, RUN_STATUSES, RunStatus, SearchRunsQuery } from './registry.types';

const DEFAULT_SEARCH_LIMIT = 100;
const MAX_SEARCH_LIMIT = 10_000;
const FAILURE_REASON_TAG = 'failure.reason';

/** Experiments and runs: creation, life cycle, params and tags, and search by latest metrics. */
export class RunTrackingService {
  constructor(private readonly dataSource: DataSource) {}

  /** Returns the experiment named `name`, creating it (safely under concurrency) when missing. */
  async getOrCreateExperiment(name: string, options: { description?: string; tags?: Record<string, string> } = {}): Promise<Experiment> {
    nameOrThrow(name, 'experiment');
    const tags = stringRecordOrThrow(options.tags ?? {}, 'tags');
    const existing = await this.dataSource.manager.findOneBy(ExperimentEntity, { name });
    if (existing) return toExperiment(existing);
    await writeTransaction(this.dataSource, (manager) =>
      manager
        .createQueryBuilder()
        .insert()
        .into(ExperimentEntity)
        .values({ id: randomUUID(), name, description: options.description ?? null, tags, createdAt: new Date() })
        .orIgnore()
        .execute(),
    );
    return this.getExperiment(name);
  }

  async getExperiment(name: string): Promise<Experiment> {
    const row = await this.dataSource.manager.findOneBy(ExperimentEntity, { name });
    if (!row) throw new ExperimentNotFoundError(name);
    return toExperiment(row);
  }

  async createRun(input: CreateRunInput): Promise<Run> {
    const params = paramsOrThrow(input.params ?? {});
    const tags = stringRecordOrThrow(input.tags ?? {}, 'tags');
    if (input.name !== undefined) nameOrThrow(input.name, 'name');
    const experiment = await this.getOrCreateExperiment(input.experiment);
    const row: RunEntity = {
      id: randomUUID(),
      experimentId: experiment.id,
      name: input.name ?? null,
      status: 'RUNNING',
      params,
      tags,
      datasetVersion: input.datasetVersion ?? null,
      codeVersion: input.codeVersion ?? null,
      startTime: input.startTime ?? new Date(),
      endTime: null,
    };
    await writeTransaction(this.dataSource, (manager) => manager.insert(RunEntity, row));
    return toRun(row, {});
  }

  async getRun(runId: string): Promise<Run> {
    const row = await this.dataSource.manager.findOneBy(RunEntity, { id: runId });
    if (!row) throw new RunNotFoundError(runId);
    return toRun(row, (await this.latestMetrics([runId])).get(runId) ?? {});
  }

  /** Ends a RUNNING run; a failure's reason is kept in the `failure.reason` tag. */
  async endRun(runId: string, status: Exclude<RunStatus, 'RUNNING'>, options: { reason?: string; endTime?: Date } = {}): Promise<Run> {
    if (status === ('RUNNING' as RunStatus) || !RUN_STATUSES.includes(status)) {
      throw new InvalidRegistryInputError('status', `expected FINISHED, FAILED or KILLED, got ${JSON.stringify(status)}`);
    }
    await writeTransaction(this.dataSource, async (manager) => {
      const run = await this.lockRunOrThrow(manager, runId);
      if (run.status !== 'RUNNING') throw new InvalidRunStateError(runId, run.status, `mark it ${status}`);
      const tags = options.reason === undefined ? run.tags : { ...run.tags, [FAILURE_REASON_TAG]: options.reason };
      await manager.update(RunEntity, { id: runId }, { status, endTime: options.endTime ?? new Date(), tags });
    });
    return this.getRun(runId);
  }

  /** Adds params; logging one again with the same value is fine, with another value is a conflict. */
  async logParams(runId: string, params: Record<string, ParamValue>): Promise<void> {
    const incoming = paramsOrThrow(params);
    await writeTransaction(this.dataSource, async (manager) => {
      const run = await this.lockRunOrThrow(manager, runId);
      for (const [key, value] of Object.entries(incoming)) {
        if (key in run.params && run.params[key] !== value) throw new ParamConflictError(runId, key, run.params[key], value);
      }
      await manager.update(RunEntity, { id: runId }, { params: { ...run.params, ...incoming } });
    });
  }

  /** Sets tags, replacing the values of tags already there. */
  async setTags(runId: string, tags: Record<string, string>): Promise<void> {
    const incoming = stringRecordOrThrow(tags, 'tags');
    await writeTransaction(this.dataSource, async (manager) => {
      const run = await this.lockRunOrThrow(manager, runId);
      await manager.update(RunEntity, { id: runId }, { tags: { ...run.tags, ...incoming } });
    });
  }

  async searchRuns(query: SearchRunsQuery = {}): Promise<Run[]> {
    const limit = query.limit ?? DEFAULT_SEARCH_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) {
      throw new InvalidRegistryInputError('limit', `expected an integer from 1 to ${MAX_SEARCH_LIMIT}, got ${limit}`);
    }
    const select = this.dataSource.manager.createQueryBuilder(RunEntity, 'run');
    if (query.experiments !== undefined) {
      if (query.experiments.length === 0) return [];
      select
        .innerJoin(ExperimentEntity, 'experiment', 'experiment.id = run.experimentId')
        .andWhere('experiment.name IN (:...experiments)', { experiments: query.experiments });
    }
    if (query.statuses !== undefined) {
      if (query.statuses.length === 0) return [];
      for (const status of query.statuses) {
        if (!RUN_STATUSES.includes(status)) throw new InvalidRegistryInputError('statuses', `unknown status ${JSON.stringify(status)}`);
      }
      select.andWhere('run.status IN (:...statuses)', { statuses: query.statuses });
    }
    (query.metrics ?? []).forEach((threshold, i) => {
      const key = keyOrThrow(threshold.metric, `metrics[${i}].metric`);
      const op = comparisonOrThrow(threshold.op, `metrics[${i}].op`);
      const value = finiteOrThrow(threshold.value, `metrics[${i}].value`);
      // `op` comes from a fixed list, so it is safe to place in the SQL text.
      select.innerJoin(
        LatestMetricEntity,
        `m${i}`,
        `m${i}.runId = run.id AND m${i}.key = :metricKey${i} AND m${i}.value ${op} :metricValue${i}`,
        { [`metricKey${i}`]: key, [`metricValue${i}`]: value },
      );
    });
    if (query.orderBy) {
      const key = keyOrThrow(query.orderBy.metric, 'orderBy.metric');
      const direction = query.orderBy.direction;
      if (direction !== 'asc' && direction !== 'desc') {
        throw new InvalidRegistryInputError('orderBy.direction', `expected "asc" or "desc", got ${JSON.stringify(direction)}`);
      }
      select
        .leftJoin(LatestMetricEntity, 'ordering', 'ordering.runId = run.id AND ordering.key = :orderingKey', { orderingKey: key })
        .orderBy('ordering.value', direction === 'asc' ? 'ASC' : 'DESC', 'NULLS LAST')
        .addOrderBy('run.startTime', 'DESC');
    } else {
      select.orderBy('run.startTime', 'DESC');
    }
    const rows = await select.addOrderBy('run.id', 'ASC').limit(limit).getMany();
    const latest = await this.latestMetrics(rows.map((row) => row.id));
    return rows.map((row) => toRun(row, latest.get(row.id) ?? {}));
  }

  private async lockRunOrThrow(manager: EntityManager, runId: string): Promise<RunEntity> {
    const run = await lockForUpdate(manager, RunEntity, runId);
    if (!run) throw new RunNotFoundError(runId);
    return run;
  }

  private async latestMetrics(runIds: string[]): Promise<Map<string, Record<string, number>>> {
    const byRun = new Map<string, Record<string, number>>();
    if (runIds.length === 0) return byRun;
    for (const row of await this.dataSource.manager.findBy(LatestMetricEntity, { runId: In(runIds) })) {
      byRun.set(row.runId, { ...byRun.get(row.runId), [row.key]: row.value });
    }
    return byRun;
  }
}

function paramsOrThrow(params: Record<string, ParamValue>): Record<string, ParamValue> {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new InvalidRegistryInputError('params', 'expected an object of string, number or boolean values');
  }
  for (const [key, value] of Object.entries(params)) {
    keyOrThrow(key, 'params key');
    paramValueOrThrow(value, `params.${key}`);
  }
  return params;
}
