import { Inject, Injectable } from '@nestjs/common';
import type { LakeObjectId } from '@platform/common';
import { insertRows, isPostgres, PLATFORM_DATA_SOURCE, writeTransaction } from '@platform/database';
import type { CleanEvent } from '@platform/events';
import { DataSource } from 'typeorm';
import { CleanEventEntity } from './clean-event.entity';
import { cleanEventsInsert } from './postgres-clean-events';
import { ObjectStatus, ProcessedObjectEntity } from './processed-object.entity';

/** What is recorded about a settled object. */
export interface ObjectRecord {
  status: ObjectStatus;
  /** The bus delivery that settled it, when a bus delivery did. */
  deliveryId: string | null;
}

/** A dead-lettered object, as the reprocessing endpoint lists it. */
export interface DeadLetteredObject extends LakeObjectId {
  code: string | null;
  reason: string | null;
  at: string;
}

export interface SourcedEvent {
  event: CleanEvent;
  /** 1-based line (or record) number in the source object. */
  line: number;
}

/** What the processor settled under a key prefix. */
export interface SettledObjects {
  objects: number;
  deadLettered: number;
  /** Clean events stored, and records rejected, by the processed objects. */
  events: number;
  rejected: number;
}

/** Event times (epoch ms): from inclusive, to exclusive; either may be open. */
export interface EventTimeRange {
  fromMs?: number;
  toMs?: number;
}

/** Rows per INSERT: under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters at 18 columns. */
const INSERT_CHUNK = 1500;

/**
 * The offline store of clean events (PostgreSQL in production, SQLite embedded): what the trainer
 * replays. Writes are idempotent by `event_id`, so an object redone after a crash (its events
 * inserted, its "processed" mark not yet) inserts nothing twice.
 */
@Injectable()
export class OfflineEventStore {
  constructor(@Inject(PLATFORM_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Whether the object was settled, processed or dead-lettered (either way, not to be redone unasked). */
  async isProcessed(ref: LakeObjectId): Promise<boolean> {
    return (await this.objectRecord(ref)) !== null;
  }

  async objectRecord(ref: LakeObjectId): Promise<ObjectRecord | null> {
    const { bucket, key, eTag } = ref;
    const row = await this.dataSource.getRepository(ProcessedObjectEntity).findOne({ where: { bucket, key, eTag }, select: ['status', 'deliveryId'] });
    return row ? { status: row.status, deliveryId: row.deliveryId } : null;
  }

  /** Inserts events of the object; ones already stored (same `event_id`) are ignored. */
  async insertEvents(ref: LakeObjectId, events: readonly SourcedEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (isPostgres(this.dataSource)) {
      // One statement, no transaction: the rows are independent and idempotent.
      const { sql, parameters } = cleanEventsInsert(ref, events);
      await this.dataSource.query(sql, parameters);
      return;
    }
    const rows = events.map(({ event, line }) => toRow(event, ref, line));
    await writeTransaction(this.dataSource, (manager) => insertRows(manager, CleanEventEntity, rows, INSERT_CHUNK, { ignoreDuplicates: true }));
  }

  /** Records the object as processed (over a dead-lettered record of it); from then on `isProcessed` is true. */
  async markProcessed(ref: LakeObjectId, events: number, rejected: number, deliveryId?: string): Promise<void> {
    await this.upsertObject({ ...objectRow(ref, events, rejected, deliveryId), status: 'processed' });
  }

  /** Records that the object failed for good; it stays so until `releaseDeadLettered` (reprocessing). */
  async markDeadLettered(ref: LakeObjectId, failure: { code: string; reason: string }, deliveryId?: string): Promise<void> {
    await this.upsertObject({
      ...objectRow(ref, 0, 0, deliveryId),
      status: 'dead_lettered',
      failureCode: failure.code.slice(0, 64),
      failureReason: failure.reason.slice(0, 1000),
    });
  }

  /** Forgets a dead-lettered object so that it can be processed again; false when it was not dead-lettered. */
  async releaseDeadLettered(ref: LakeObjectId): Promise<boolean> {
    const { bucket, key, eTag } = ref;
    const result = await this.dataSource.getRepository(ProcessedObjectEntity).delete({ bucket, key, eTag, status: 'dead_lettered' });
    return (result.affected ?? 0) > 0;
  }

  /** Dead-lettered objects, newest first. */
  async deadLetteredObjects(limit = 100): Promise<DeadLetteredObject[]> {
    const rows = await this.dataSource
      .getRepository(ProcessedObjectEntity)
      .find({ where: { status: 'dead_lettered' }, order: { processedAtMs: 'DESC' }, take: limit });
    return rows.map((row) => ({
      bucket: row.bucket,
      key: row.key,
      eTag: row.eTag,
      code: row.failureCode,
      reason: row.failureReason,
      at: new Date(Number(row.processedAtMs)).toISOString(),
    }));
  }

  private async upsertObject(row: ProcessedObjectEntity): Promise<void> {
    await writeTransaction(this.dataSource, (manager) => manager.upsert(ProcessedObjectEntity, row, ['bucket', 'key', 'eTag']).then(() => undefined));
  }

  /** Both at once, in one transaction. */
  async storeObject(ref: LakeObjectId, events: readonly SourcedEvent[], rejected: number): Promise<void> {
    const rows = events.map(({ event, line }) => toRow(event, ref, line));
    const processed = objectRow(ref, events.length, rejected);
    await writeTransaction(this.dataSource, async (manager) => {
      await insertRows(manager, CleanEventEntity, rows, INSERT_CHUNK, { ignoreDuplicates: true });
      await insertRows(manager, ProcessedObjectEntity, [processed], 1, { ignoreDuplicates: true });
    });
  }

  /**
   * Clean events by (time, event id), in pages, optionally within [fromMs, toMs). Pages are keyset
   * reads of the replay's columns as raw rows (no entity objects): the trainer reads every event
   * of its range twice.
   */
  async *eventsInTimeOrder(options: EventTimeRange & { pageSize?: number } = {}): AsyncGenerator<CleanEvent[]> {
    const pageSize = options.pageSize ?? 10_000;
    let after: { time: number; id: string } | undefined;
    for (;;) {
      const query = this.dataSource.createQueryBuilder().from(CleanEventEntity, 'e');
      REPLAY_COLUMNS.forEach((column, i) => (i === 0 ? query.select(`e.${column}`, column) : query.addSelect(`e.${column}`, column)));
      query.orderBy('e.event_time_ms', 'ASC').addOrderBy('e.event_id', 'ASC').limit(pageSize);
      if (options.fromMs !== undefined) query.andWhere('e.event_time_ms >= :fromMs', { fromMs: options.fromMs });
      if (options.toMs !== undefined) query.andWhere('e.event_time_ms < :toMs', { toMs: options.toMs });
      if (after) {
        query.andWhere('(e.event_time_ms > :time OR (e.event_time_ms = :time AND e.event_id > :id))', after);
      }
      const page = (await query.getRawMany<ReplayRow>()).map(toCleanEvent);
      if (page.length === 0) return;
      yield page;
      const last = page[page.length - 1] as CleanEvent;
      after = { time: last.event_time_ms, id: last.event_id };
      if (page.length < pageSize) return;
    }
  }

  /** Events stored, optionally only those within [fromMs, toMs). */
  async countEvents(range: EventTimeRange = {}): Promise<number> {
    const query = this.dataSource.getRepository(CleanEventEntity).createQueryBuilder('e');
    if (range.fromMs !== undefined) query.andWhere('e.event_time_ms >= :fromMs', { fromMs: range.fromMs });
    if (range.toMs !== undefined) query.andWhere('e.event_time_ms < :toMs', { toMs: range.toMs });
    return query.getCount();
  }

  async countProcessedObjects(): Promise<number> {
    return this.dataSource.getRepository(ProcessedObjectEntity).count();
  }

  /** Settled objects whose key starts with `keyPrefix` (processed or dead-lettered), and their events: a replay's progress. */
  async settledObjectsUnder(keyPrefix: string): Promise<SettledObjects> {
    const row = await this.dataSource
      .getRepository(ProcessedObjectEntity)
      .createQueryBuilder('o')
      .select('COUNT(*)', 'objects')
      .addSelect(`SUM(CASE WHEN o.status = 'dead_lettered' THEN 1 ELSE 0 END)`, 'deadLettered')
      .addSelect('COALESCE(SUM(o.events), 0)', 'events')
      .addSelect('COALESCE(SUM(o.rejected), 0)', 'rejected')
      // substr, not LIKE: exact in SQLite and PostgreSQL alike, with no wildcard to escape.
      .where('substr(o.object_key, 1, :length) = :prefix', { length: keyPrefix.length, prefix: keyPrefix })
      .getRawOne<Record<keyof SettledObjects, string | number | null>>();
    const number = (value: string | number | null | undefined) => Number(value ?? 0);
    return { objects: number(row?.objects), deadLettered: number(row?.deadLettered), events: number(row?.events), rejected: number(row?.rejected) };
  }
}

function objectRow(ref: LakeObjectId, events: number, rejected: number, deliveryId?: string): ProcessedObjectEntity {
  return {
    bucket: ref.bucket,
    key: ref.key,
    eTag: ref.eTag,
    events,
    rejected,
    processedAtMs: Date.now(),
    status: 'processed',
    deliveryId: deliveryId ?? null,
    failureCode: null,
    failureReason: null,
  };
}

function toRow(event: CleanEvent, ref: LakeObjectId, line: number): CleanEventEntity {
  return {
    eventId: event.event_id,
    eventTimeMs: event.event_time_ms,
    eventDate: event.event_time.slice(0, 10),
    eventType: event.event_type,
    productId: event.product_id,
    categoryId: event.category_id,
    categoryCode: event.category_code ?? null,
    categoryL1: event.category_l1 ?? null,
    categoryL2: event.category_l2 ?? null,
    brand: event.brand ?? null,
    price: event.price,
    userId: event.user_id,
    userSession: event.user_session,
    weekday: event.weekday,
    hour: event.hour,
    sourceBucket: ref.bucket,
    sourceKey: ref.key,
    sourceLine: line,
  };
}

/** The columns a replay reads, by their database names. */
const REPLAY_COLUMNS = [
  'event_id',
  'event_time_ms',
  'event_type',
  'product_id',
  'category_id',
  'category_code',
  'category_l1',
  'category_l2',
  'brand',
  'price',
  'user_id',
  'user_session',
  'weekday',
  'hour',
] as const;

type ReplayRow = Record<(typeof REPLAY_COLUMNS)[number], string | number | null>;

function toCleanEvent(row: ReplayRow): CleanEvent {
  const timeMs = Number(row.event_time_ms);
  const event: CleanEvent = {
    event_id: String(row.event_id),
    event_time: new Date(timeMs).toISOString(),
    event_time_ms: timeMs,
    event_type: row.event_type as CleanEvent['event_type'],
    product_id: String(row.product_id),
    category_id: String(row.category_id),
    user_id: String(row.user_id),
    price: Number(row.price),
    user_session: String(row.user_session),
    weekday: Number(row.weekday),
    hour: Number(row.hour),
  };
  if (row.category_code !== null) event.category_code = String(row.category_code);
  if (row.category_l1 !== null) event.category_l1 = String(row.category_l1);
  if (row.category_l2 !== null) event.category_l2 = String(row.category_l2);
  if (row.brand !== null) event.brand = String(row.brand);
  return event;
}
