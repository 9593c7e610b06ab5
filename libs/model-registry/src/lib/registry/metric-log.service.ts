import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { insertRows, writeTransaction } from '@platform/database';
import { LatestMetricEntity } from '../entities/latest-metric.entity';
import { MetricPointEntity } from '../entities/metric-point.entity';
import { RunEntity } from '../entities/run.entity';
import { InvalidRegistryInputError, RunNotFoundError } from './registry.errors';
import { finiteOrThrow, keyOrThrow, stepOrThrow } from './registry-input.validation';
import { MetricHistoryPoint, MetricPoint } from './registry.types';

/** Rows per INSERT: 6 parameters each stays far below PostgreSQL's 65535 and SQLite's 32766. */
const INSERT_CHUNK_ROWS = 1000;
const MAX_POINTS_PER_CALL = 100_000;

/** Metric series of runs: batched appends, history, and the per-run latest values used by search. */
export class MetricLogService {
  constructor(private readonly dataSource: DataSource) {}

  /** Appends all points in one transaction (multi-row inserts), and moves each key's latest value. */
  async logMetrics(runId: string, points: MetricPoint[]): Promise<void> {
    if (!Array.isArray(points)) throw new InvalidRegistryInputError('points', 'expected an array of metric points');
    if (points.length > MAX_POINTS_PER_CALL) {
      throw new InvalidRegistryInputError('points', `at most ${MAX_POINTS_PER_CALL} per call, got ${points.length}`);
    }
    const now = new Date();
    const rows: MetricPointEntity[] = points.map((point, i) => ({
      id: randomUUID(),
      runId,
      key: keyOrThrow(point.key, `points[${i}].key`),
      value: finiteOrThrow(point.value, `points[${i}].value`),
      step: stepOrThrow(point.step ?? 0, `points[${i}].step`),
      loggedAt: timestampOrThrow(point.timestamp ?? now, `points[${i}].timestamp`),
    }));
    if (rows.length === 0) return;
    await writeTransaction(this.dataSource, async (manager) => {
      if (!(await manager.existsBy(RunEntity, { id: runId }))) throw new RunNotFoundError(runId);
      await insertRows(manager, MetricPointEntity, rows, INSERT_CHUNK_ROWS);
      for (const latest of latestPerKey(rows)) await this.advanceLatest(manager, latest);
    });
  }

  /** The series of one metric, by step then time. */
  async getMetricHistory(runId: string, key: string): Promise<MetricHistoryPoint[]> {
    keyOrThrow(key, 'key');
    if (!(await this.dataSource.manager.existsBy(RunEntity, { id: runId }))) throw new RunNotFoundError(runId);
    const rows = await this.dataSource.manager.find(MetricPointEntity, {
      where: { runId, key },
      order: { step: 'ASC', loggedAt: 'ASC' },
    });
    return rows.map((row) => ({ step: row.step, value: row.value, timestamp: row.loggedAt }));
  }

  /**
   * Upsert that only moves forward in (step, time), so concurrent batches of one run end with the
   * truly latest point whatever their commit order. TypeORM's `orUpdate` has no condition, hence SQL;
   * this `ON CONFLICT ... DO UPDATE ... WHERE` reads the same on PostgreSQL and SQLite.
   */
  private async advanceLatest(manager: EntityManager, row: MetricPointEntity): Promise<void> {
    const table = 'registry_latest_metrics';
    const { driver } = manager.connection;
    const metadata = manager.connection.getMetadata(LatestMetricEntity);
    const fields = ['runId', 'key', 'value', 'step', 'loggedAt'] as const;
    // Bound (not inlined) values, converted as TypeORM would persist them (dates differ by driver).
    const parameters = fields.map((field) => {
      const column = metadata.findColumnWithPropertyName(field);
      if (!column) throw new Error(`LatestMetricEntity has no column for ${field}`);
      return driver.preparePersistentValue(row[field], column);
    });
    const placeholders = fields.map((_, i) => (manager.connection.options.type === 'postgres' ? `$${i + 1}` : '?'));
    await manager.query(
      `INSERT INTO ${table} ("run_id", "key", "value", "step", "logged_at")
       VALUES (${placeholders.join(', ')})
       ON CONFLICT ("run_id", "key") DO UPDATE
         SET "value" = excluded."value", "step" = excluded."step", "logged_at" = excluded."logged_at"
         WHERE excluded."step" > ${table}."step"
            OR (excluded."step" = ${table}."step" AND excluded."logged_at" >= ${table}."logged_at")`,
      parameters,
    );
  }
}

function latestPerKey(rows: MetricPointEntity[]): MetricPointEntity[] {
  const latest = new Map<string, MetricPointEntity>();
  for (const row of rows) {
    const current = latest.get(row.key);
    if (
      !current ||
      row.step > current.step ||
      (row.step === current.step && row.loggedAt.getTime() >= current.loggedAt.getTime())
    ) {
      latest.set(row.key, row);
    }
  }
  return [...latest.values()];
}

function timestampOrThrow(value: unknown, field: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new InvalidRegistryInputError(field, `expected a valid Date, got ${String(value)}`);
  }
  return value;
}
