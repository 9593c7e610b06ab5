import { Inject, Injectable } from '@nestjs/common';
import type { LakeObjectId } from '@platform/common';
import { insertRows, isPostgres, PLATFORM_DATA_SOURCE, writeTransaction } from '@platform/database';
import type { CleanEvent } from '@platform/events';
import { DataSource, SelectQueryBuilder } from 'typeorm';
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

/** What the feature replay reads of a clean event (a `FeatureEvent` of libs/features). */
export type ReplayEvent = Pick<
  CleanEvent,
  'event_id' | 'event_time_ms' | 'event_type' | 'product_id' | 'category_id' | 'category_l1' | 'category_l2' | 'brand' | 'price' | 'user_id' | 'user_session'
>;

export interface EventSpan {
  count: number;
  /** Event times of the first and last event (epoch ms); NaN when there is none. */
  fromMs: number;
  toMs: number;
}

export interface LastPurchase {
  userId: string;
  productId: string;
  session: string;
  lastMs: number;
}

/** A processed object and when it was settled: the order a materialize reads objects in. */
export interface SettledObjectRef extends LakeObjectId {
  processedAtMs: number;
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

  /**
   * Processed objects in the order they were settled, after `after` (keyset, exclusive), settled
   * at or before `settledUntilMs` when given: an object settled later, or reprocessed, comes after
   * every one read before it.
   */
  async processedObjectsAfter(after: SettledObjectRef | undefined, limit: number, settledUntilMs?: number): Promise<SettledObjectRef[]> {
    const query = this.dataSource
      .getRepository(ProcessedObjectEntity)
      .createQueryBuilder('o')
      .select(['o.bucket', 'o.key', 'o.eTag', 'o.processedAtMs'])
      .where('o.status = :status', { status: 'processed' })
      .orderBy('o.processed_at', 'ASC')
      .addOrderBy('o.bucket', 'ASC')
      .addOrderBy('o.object_key', 'ASC')
      .addOrderBy('o.e_tag', 'ASC')
      .limit(limit);
    if (settledUntilMs !== undefined) query.andWhere('o.processed_at <= :settledUntilMs', { settledUntilMs });
    if (after) {
      query.andWhere('(o.processed_at, o.bucket, o.object_key, o.e_tag) > (:at, :bucket, :key, :eTag)', {
        at: after.processedAtMs,
        bucket: after.bucket,
        key: after.key,
        eTag: after.eTag,
      });
    }
    const rows = await query.getMany();
    return rows.map((row) => ({ bucket: row.bucket, key: row.key, eTag: row.eTag, processedAtMs: Number(row.processedAtMs) }));
  }

  /**
   * The clean events of one source object in line order, in pages, optionally within [fromMs, toMs)
   * (index `clean_events_source`). Events of every version (eTag) of the key come together.
   */
  async *objectEvents(ref: { bucket: string; key: string }, options: EventTimeRange & { pageSize?: number } = {}): AsyncGenerator<SourcedEvent[]> {
    const pageSize = options.pageSize ?? 10_000;
    let afterLine = 0;
    for (;;) {
      const query = this.dataSource.createQueryBuilder().from(CleanEventEntity, 'e');
      REPLAY_COLUMNS.forEach((column, i) => (i === 0 ? query.select(`e.${column}`, column) : query.addSelect(`e.${column}`, column)));
      query
        .addSelect('e.source_line', 'source_line')
        .where('e.source_key = :key AND e.source_bucket = :bucket AND e.source_line > :afterLine', { key: ref.key, bucket: ref.bucket, afterLine })
        .orderBy('e.source_line', 'ASC')
        .limit(pageSize);
      if (options.fromMs !== undefined) query.andWhere('e.event_time_ms >= :fromMs', { fromMs: options.fromMs });
      if (options.toMs !== undefined) query.andWhere('e.event_time_ms < :toMs', { toMs: options.toMs });
      const rows = await query.getRawMany<ReplayRow & { source_line: number | string }>();
      if (rows.length === 0) return;
      const page = rows.map((row) => ({ event: toCleanEvent(row), line: Number(row.source_line) }));
      yield page;
      afterLine = (page[page.length - 1] as SourcedEvent).line;
      if (rows.length < pageSize) return;
    }
  }

  /** The newest event time stored (within [fromMs, toMs)), or null when there is none. */
  async newestEventTime(range: EventTimeRange = {}): Promise<number | null> {
    const query = this.dataSource.getRepository(CleanEventEntity).createQueryBuilder('e').select('MAX(e.event_time_ms)', 'newest');
    if (range.fromMs !== undefined) query.andWhere('e.event_time_ms >= :fromMs', { fromMs: range.fromMs });
    if (range.toMs !== undefined) query.andWhere('e.event_time_ms < :toMs', { toMs: range.toMs });
    const row = await query.getRawOne<{ newest: number | string | null }>();
    return row?.newest === null || row?.newest === undefined ? null : Number(row.newest);
  }

  /**
   * The replay's events by (time, event id), in pages, optionally within [fromMs, toMs): only the
   * columns the feature reducer reads. On PostgreSQL each page is a keyset read in array row mode
   * (no row objects) and the next page is asked for before this one is handed over, so the
   * server reads ahead while the caller replays: the trainer's dataset build reads every event.
   */
  async *replayEventsInTimeOrder(options: EventTimeRange & { pageSize?: number } = {}): AsyncGenerator<ReplayEvent[]> {
    const pageSize = options.pageSize ?? 20_000;
    if (!isPostgres(this.dataSource)) {
      for await (const page of this.eventsInTimeOrder({ ...options, pageSize })) yield page.map(replayFieldsOf);
      return;
    }
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as ArrayRowClient;
    try {
      const read = (after?: readonly [number, string]) => {
        const { sql, values } = replayPageQuery(options, pageSize, after);
        return client.query({ text: sql, values, rowMode: 'array' });
      };
      let pending = read();
      for (;;) {
        const rows = (await pending).rows;
        const last = rows[rows.length - 1];
        if (last === undefined) return;
        // Keyset on the (time, id) index; asked for now, read by the server while this page is replayed.
        if (rows.length === pageSize) pending = read([Number(last[1]), String(last[0])]);
        yield rows.map(toReplayEvent);
        if (rows.length < pageSize) return;
      }
    } finally {
      await runner.release();
    }
  }

  /** How many events [fromMs, toMs) holds, and the event times of the first and last. */
  async eventSpan(range: EventTimeRange = {}): Promise<EventSpan> {
    const query = this.dataSource
      .getRepository(CleanEventEntity)
      .createQueryBuilder('e')
      .select('COUNT(*)', 'count')
      .addSelect('MIN(e.event_time_ms)', 'fromMs')
      .addSelect('MAX(e.event_time_ms)', 'toMs');
    withinRange(query, range);
    const row = await query.getRawOne<{ count: string | number; fromMs: string | number | null; toMs: string | number | null }>();
    const count = Number(row?.count ?? 0);
    return { count, fromMs: count === 0 ? NaN : Number(row?.fromMs), toMs: count === 0 ? NaN : Number(row?.toMs) };
  }

  /**
   * The last purchase time of each (user, product, session) that bought within [fromMs, toMs):
   * the trainer's labels, aggregated by the database instead of a pass over every event.
   */
  async lastPurchases(range: EventTimeRange = {}): Promise<LastPurchase[]> {
    const query = this.dataSource
      .getRepository(CleanEventEntity)
      .createQueryBuilder('e')
      .select('e.user_id', 'userId')
      .addSelect('e.product_id', 'productId')
      .addSelect('e.user_session', 'session')
      .addSelect('MAX(e.event_time_ms)', 'lastMs')
      .where("e.event_type = 'purchase'")
      .groupBy('e.user_id')
      .addGroupBy('e.product_id')
      .addGroupBy('e.user_session');
    withinRange(query, range);
    const rows = await query.getRawMany<{ userId: string; productId: string; session: string; lastMs: string | number }>();
    return rows.map((row) => ({ userId: String(row.userId), productId: String(row.productId), session: String(row.session), lastMs: Number(row.lastMs) }));
  }

  /** Distinct (user, product, session) triples viewed within [fromMs, toMs): the first-view examples, before expiry. */
  async countViewedTriples(range: EventTimeRange = {}): Promise<number> {
    const inner = this.dataSource
      .getRepository(CleanEventEntity)
      .createQueryBuilder('e')
      .select('e.user_id', 'user_id')
      .addSelect('e.product_id', 'product_id')
      .addSelect('e.user_session', 'user_session')
      .distinct(true)
      .where("e.event_type = 'view'");
    withinRange(inner, range);
    const row = await this.dataSource
      .createQueryBuilder()
      .select('COUNT(*)', 'count')
      .from(`(${inner.getQuery()})`, 'triples')
      .setParameters(inner.getParameters())
      .getRawOne<{ count: string | number }>();
    return Number(row?.count ?? 0);
  }

  /** Events stored, optionally only those within [fromMs, toMs), optionally only of one type. */
  async countEvents(range: EventTimeRange = {}, eventType?: CleanEvent['event_type']): Promise<number> {
    const query = this.dataSource.getRepository(CleanEventEntity).createQueryBuilder('e');
    withinRange(query, range);
    if (eventType !== undefined) query.andWhere('e.event_type = :eventType', { eventType });
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

/** A pg client (what TypeORM's query runner holds on PostgreSQL), asked for rows as arrays. */
interface ArrayRowClient {
  query(config: { text: string; values: unknown[]; rowMode: 'array' }): Promise<{ rows: unknown[][] }>;
}

/** Columns of `replayEventsInTimeOrder`, in the order `toReplayEvent` reads them. */
const REPLAY_EVENT_COLUMNS = 'event_id, event_time_ms, event_type, product_id, category_id, category_l1, category_l2, brand, price, user_id, user_session';

function replayPageQuery(range: EventTimeRange, pageSize: number, after?: readonly [number, string]): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const where: string[] = [];
  if (range.fromMs !== undefined) where.push(`event_time_ms >= $${values.push(range.fromMs)}`);
  if (range.toMs !== undefined) where.push(`event_time_ms < $${values.push(range.toMs)}`);
  if (after) where.push(`(event_time_ms, event_id) > ($${values.push(after[0])}, $${values.push(after[1])})`);
  const sql =
    `SELECT ${REPLAY_EVENT_COLUMNS} FROM clean_events ${where.length > 0 ? `WHERE ${where.join(' AND ')} ` : ''}` +
    `ORDER BY event_time_ms, event_id LIMIT ${pageSize}`;
  return { sql, values };
}

function toReplayEvent(row: unknown[]): ReplayEvent {
  const [eventId, timeMs, type, productId, categoryId, l1, l2, brand, price, userId, session] = row;
  const event: ReplayEvent = {
    event_id: String(eventId),
    event_time_ms: Number(timeMs),
    event_type: type as ReplayEvent['event_type'],
    product_id: String(productId),
    category_id: String(categoryId),
    price: Number(price),
    user_id: String(userId),
    user_session: String(session),
  };
  if (l1 !== null) event.category_l1 = String(l1);
  if (l2 !== null) event.category_l2 = String(l2);
  if (brand !== null) event.brand = String(brand);
  return event;
}

function replayFieldsOf(event: CleanEvent): ReplayEvent {
  const { event_id, event_time_ms, event_type, product_id, category_id, category_l1, category_l2, brand, price, user_id, user_session } = event;
  return toReplayEvent([event_id, event_time_ms, event_type, product_id, category_id, category_l1 ?? null, category_l2 ?? null, brand ?? null, price, user_id, user_session]);
}

function withinRange<T extends object>(query: SelectQueryBuilder<T>, range: EventTimeRange): void {
  if (range.fromMs !== undefined) query.andWhere('e.event_time_ms >= :fromMs', { fromMs: range.fromMs });
  if (range.toMs !== undefined) query.andWhere('e.event_time_ms < :toMs', { toMs: range.toMs });
}
