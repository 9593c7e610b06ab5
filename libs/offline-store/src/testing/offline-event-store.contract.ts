import type { DatabaseConfig } from '@platform/app-runtime';
import { openPlatformDataSource } from '@platform/database';
import { cleanEvent as clean, type CleanEvent, EVENT_LIMITS, type RawEvent } from '@platform/events';
import { DataSource } from 'typeorm';
import { OfflineEventStore, ReplayEvent, SourcedEvent } from '../lib/offline-event-store';
import { OFFLINE_STORE_SCHEMA } from '../lib/offline-store.schema';

const T0 = Date.UTC(2019, 10, 1, 0, 0, 0);

function cleanEvent(n: number, over: Partial<CleanEvent> = {}): CleanEvent {
  const ms = T0 + Math.floor(n / 3) * 1000;
  return {
    event_id: `id-${String(n).padStart(6, '0')}`,
    event_time: new Date(ms).toISOString(),
    event_time_ms: ms,
    event_type: 'view',
    product_id: String(1000 + (n % 17)),
    category_id: '2053013555631882655',
    category_code: 'electronics.smartphone',
    category_l1: 'electronics',
    category_l2: 'smartphone',
    brand: 'apple',
    price: 123.45,
    user_id: '1234567890123456789',
    user_session: '26dd6e6e-4dac-4778-8d2c-92e149dab885',
    weekday: 4,
    hour: 0,
    ...over,
  };
}

/** One contract for the offline store, run on PostgreSQL and on SQLite. */
export function describeOfflineEventStoreContract(label: string, database: () => Promise<{ config: DatabaseConfig; drop: () => Promise<void> }>) {
  describe(`OfflineEventStore on ${label}`, () => {
    let dataSource: DataSource;
    let store: OfflineEventStore;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      const scratch = await database();
      drop = scratch.drop;
      dataSource = await openPlatformDataSource(scratch.config, [OFFLINE_STORE_SCHEMA]);
      store = new OfflineEventStore(dataSource);
    });

    afterAll(async () => {
      await dataSource?.destroy();
      await drop?.();
    });

    const object = { bucket: 'bronze', key: 'bronze/events/dt=2019-11-01/hour=00/a.ndjson.gz', eTag: 'etag-a' };
    const sourced = (events: CleanEvent[]): SourcedEvent[] => events.map((event, i) => ({ event, line: i + 1 }));

    it('stores an object once: replaying it inserts nothing twice', async () => {
      const events = Array.from({ length: 4000 }, (_, n) => cleanEvent(n));
      expect(await store.isProcessed(object)).toBe(false);
      await store.storeObject(object, sourced(events), 2);
      await store.storeObject(object, sourced(events), 2);
      expect(await store.isProcessed(object)).toBe(true);
      expect(await store.isProcessed({ ...object, eTag: 'other' })).toBe(false);
      expect(await store.countEvents()).toBe(4000);
      expect(await store.countProcessedObjects()).toBe(1);
    });

    it('reads events back exactly, in (time, event id) order, page by page', async () => {
      const pages: CleanEvent[][] = [];
      for await (const page of store.eventsInTimeOrder({ pageSize: 1500 })) pages.push(page);
      expect(pages.map((page) => page.length)).toEqual([1500, 1500, 1000]);
      const all = pages.flat();
      const sorted = [...all].sort((a, b) => a.event_time_ms - b.event_time_ms || a.event_id.localeCompare(b.event_id));
      expect(all.map((e) => e.event_id)).toEqual(sorted.map((e) => e.event_id));
      expect(all.find((e) => e.event_id === 'id-000007')).toEqual(cleanEvent(7));
    });

    it('hands the replay the same events in the same order, with only the columns the reducer reads, across pages', async () => {
      const full: CleanEvent[] = [];
      for await (const page of store.eventsInTimeOrder()) full.push(...page);
      const pages: ReplayEvent[][] = [];
      for await (const page of store.replayEventsInTimeOrder({ pageSize: 1500 })) pages.push(page);
      expect(pages.map((page) => page.length)).toEqual([1500, 1500, 1000]);
      const replayed = pages.flat();
      expect(replayed).toEqual(
        full.map(({ event_id, event_time_ms, event_type, product_id, category_id, category_l1, category_l2, brand, price, user_id, user_session }) => ({
          event_id,
          event_time_ms,
          event_type,
          product_id,
          category_id,
          ...(category_l1 === undefined ? {} : { category_l1 }),
          ...(category_l2 === undefined ? {} : { category_l2 }),
          ...(brand === undefined ? {} : { brand }),
          price,
          user_id,
          user_session,
        })),
      );
      const from = cleanEvent(1500).event_time_ms;
      const within: ReplayEvent[] = [];
      for await (const page of store.replayEventsInTimeOrder({ fromMs: from, toMs: from + 2000, pageSize: 2 })) within.push(...page);
      expect(within.map((event) => event.event_id)).toEqual(full.filter((e) => e.event_time_ms >= from && e.event_time_ms < from + 2000).map((e) => e.event_id));
    });

    it('inserts in parts and marks the object processed separately, as a redone object would', async () => {
      const ref = { bucket: 'bronze', key: 'parts', eTag: 'p' };
      const events = Array.from({ length: 10 }, (_, n) => cleanEvent(500_000 + n));
      await store.insertEvents(ref, sourced(events.slice(0, 6)));
      expect(await store.isProcessed(ref)).toBe(false);
      await store.insertEvents(ref, sourced(events));
      await store.markProcessed(ref, 10, 0);
      await store.markProcessed(ref, 10, 0);
      expect(await store.isProcessed(ref)).toBe(true);
      expect(await store.countEvents()).toBe(4010);
    });

    it('records what became of an object: processed with its delivery, or dead-lettered until released for reprocessing', async () => {
      const ref = { bucket: 'bronze', key: 'bronze/failed.ndjson', eTag: 'f1' };
      await store.markDeadLettered(ref, { code: 'FEATURE_WRONG_TYPE', reason: 'x'.repeat(5000) }, 'data_streaming/2/41');
      expect(await store.isProcessed(ref)).toBe(true); // not redone unasked (the reconciliation skips it too)
      expect(await store.objectRecord(ref)).toEqual({ status: 'dead_lettered', deliveryId: 'data_streaming/2/41' });
      const [listed] = await store.deadLetteredObjects();
      expect(listed).toMatchObject({ ...ref, code: 'FEATURE_WRONG_TYPE' });
      expect(listed?.reason).toHaveLength(1000);

      expect(await store.releaseDeadLettered(ref)).toBe(true);
      expect(await store.releaseDeadLettered(ref)).toBe(false);
      expect(await store.isProcessed(ref)).toBe(false);

      await store.markDeadLettered(ref, { code: 'X', reason: 'again' });
      await store.markProcessed(ref, 7, 1, 'data_streaming/2/90');
      expect(await store.objectRecord(ref)).toEqual({ status: 'processed', deliveryId: 'data_streaming/2/90' });
      expect(await store.releaseDeadLettered(ref)).toBe(false); // a processed object is not released
      expect(await store.deadLetteredObjects()).toEqual([]);
    });

    it('lists processed objects in the order they were settled, and reads an object\'s events by line (a materialize)', async () => {
      const first = { bucket: 'bronze', key: 'materialize/one', eTag: 'm1' };
      const second = { bucket: 'bronze', key: 'materialize/two', eTag: 'm2' };
      const lines = Array.from({ length: 25 }, (_, n) => ({ event: cleanEvent(700_000 + n), line: 30 - n }));
      await store.insertEvents(first, lines);
      await store.markProcessed(first, 25, 0);
      await store.markDeadLettered(second, { code: 'X', reason: 'x' });
      const listed = [];
      let after;
      for (;;) {
        const page = await store.processedObjectsAfter(after, 1);
        if (page.length === 0) break;
        listed.push(...page);
        after = page[page.length - 1];
      }
      expect(listed.map(({ key }) => key)).toContain(first.key);
      expect(listed.map(({ key }) => key)).not.toContain(second.key); // dead-lettered: nothing to materialize
      expect(listed.map(({ processedAtMs }) => processedAtMs)).toEqual([...listed.map(({ processedAtMs }) => processedAtMs)].sort((a, b) => a - b));
      const settledAt = listed.find(({ key }) => key === first.key)?.processedAtMs ?? NaN;
      expect((await store.processedObjectsAfter(undefined, 100, settledAt - 1)).map(({ key }) => key)).not.toContain(first.key);
      expect((await store.processedObjectsAfter(undefined, 100, settledAt)).map(({ key }) => key)).toContain(first.key);
      const pages = [];
      for await (const page of store.objectEvents(first, { pageSize: 10 })) pages.push(page);
      expect(pages.map((page) => page.length)).toEqual([10, 10, 5]);
      expect(pages.flat().map(({ line }) => line)).toEqual(Array.from({ length: 25 }, (_, n) => n + 6));
      expect(pages.flat().find(({ line }) => line === 30)?.event).toEqual(cleanEvent(700_000));
      const since = cleanEvent(700_024).event_time_ms;
      const later = [];
      for await (const page of store.objectEvents(first, { fromMs: since })) later.push(...page);
      expect(later.every(({ event }) => event.event_time_ms >= since)).toBe(true);
      expect(later.length).toBeGreaterThan(0);
      expect(await store.newestEventTime({ toMs: since })).toBeLessThan(since);
    });

    it('stores a clean event at every bound of libs/events (the real columns are long enough)', async () => {
      const raw: RawEvent = {
        event_time: '2000-01-01T00:00:00Z',
        event_type: 'purchase',
        product_id: '9'.repeat(EVENT_LIMITS.idDigits),
        category_id: '1'.repeat(EVENT_LIMITS.idDigits),
        category_code: `${'é'.repeat(EVENT_LIMITS.categoryLevelLength)}.${'ü'.repeat(EVENT_LIMITS.categoryCodeLength - EVENT_LIMITS.categoryLevelLength - 1)}`,
        brand: '😀'.repeat(EVENT_LIMITS.brandLength / 2) + 'x',
        price: '1e300',
        user_id: '2'.repeat(EVENT_LIMITS.idDigits),
        user_session: 'ffffffff-ffff-ffff-ffff-ffffffffffff',
      };
      const result = clean(raw, { source: 'bronze/bounds#e', line: 1 });
      if (!result.ok) throw new Error(JSON.stringify(result.rejections));
      const ref = { bucket: 'bronze', key: 'k'.repeat(1024), eTag: `${'e'.repeat(32)}-10000` };
      await store.storeObject(ref, [{ event: result.event, line: 2 ** 31 - 1 }], 0);
      const found: CleanEvent[] = [];
      for await (const page of store.eventsInTimeOrder({ toMs: result.event.event_time_ms + 1 })) found.push(...page);
      expect(found).toEqual([result.event]);
    });

    it('keeps absent optional fields absent and filters by time', async () => {
      const bare = cleanEvent(999_999, { event_id: 'bare', brand: undefined, category_code: undefined, category_l1: undefined, category_l2: undefined });
      delete bare.brand;
      delete bare.category_code;
      delete bare.category_l1;
      delete bare.category_l2;
      await store.storeObject({ ...object, key: 'other', eTag: 'b' }, [{ event: bare, line: 1 }], 0);
      const found: CleanEvent[] = [];
      for await (const page of store.eventsInTimeOrder({ fromMs: bare.event_time_ms })) found.push(...page);
      expect(found).toEqual([bare]);
      expect(await store.countEvents({ fromMs: bare.event_time_ms })).toBe(1);
      expect(await store.countEvents({ toMs: bare.event_time_ms })).toBe((await store.countEvents()) - 1);
    });

    it('sums what was settled under a key prefix: objects, dead letters, events and rejects, nothing outside it', async () => {
      const prefix = 'bronze/replay/datasource/load_1%/';
      await store.storeObject({ bucket: 'bronze', key: `${prefix}part-00001.ndjson.gz`, eTag: 's1' }, sourced([cleanEvent(5001), cleanEvent(5002)]), 1);
      await store.storeObject({ bucket: 'bronze', key: `${prefix}part-00002.ndjson.gz`, eTag: 's2' }, sourced([cleanEvent(5003)]), 0);
      await store.markDeadLettered({ bucket: 'bronze', key: `${prefix}part-00003.ndjson.gz`, eTag: 's3' }, { code: 'X', reason: 'bad' });
      // A sibling that a LIKE pattern's wildcards would have matched.
      await store.storeObject({ bucket: 'bronze', key: 'bronze/replay/datasource/load_12/part-00001.ndjson.gz', eTag: 's4' }, sourced([cleanEvent(5004)]), 0);
      expect(await store.settledObjectsUnder(prefix)).toEqual({ objects: 3, deadLettered: 1, events: 3, rejected: 1 });
      expect(await store.settledObjectsUnder('bronze/nothing-here/')).toEqual({ objects: 0, deadLettered: 0, events: 0, rejected: 0 });
    });

    it('aggregates what the trainer asks before its replay: the span, the last purchase per triple, the viewed triples', async () => {
      const ref = { bucket: 'bronze', key: 'aggregates', eTag: 'g' };
      const at = (n: number) => cleanEvent(900_000 + n * 3, { product_id: '55' });
      const events = [
        at(0),
        { ...at(1), event_type: 'purchase' as const, user_session: 'buyer' },
        { ...at(2), event_type: 'purchase' as const, user_session: 'buyer' },
        { ...at(3), event_type: 'purchase' as const, user_session: 'buyer', product_id: '77' },
        { ...at(4), event_type: 'cart' as const },
        { ...at(5), user_session: 'other-session' },
      ].map((event, i) => ({ ...event, event_id: `agg-${i}` }));
      await store.storeObject(ref, sourced(events), 0);
      const range = { fromMs: at(0).event_time_ms, toMs: at(5).event_time_ms + 1 };
      expect(await store.eventSpan(range)).toEqual({ count: 6, fromMs: at(0).event_time_ms, toMs: at(5).event_time_ms });
      expect(await store.eventSpan({ fromMs: 0, toMs: 1 })).toEqual({ count: 0, fromMs: NaN, toMs: NaN });
      const purchases = await store.lastPurchases(range);
      expect(purchases.sort((a, b) => a.productId.localeCompare(b.productId))).toEqual([
        { userId: at(0).user_id, productId: '55', session: 'buyer', lastMs: at(2).event_time_ms },
        { userId: at(0).user_id, productId: '77', session: 'buyer', lastMs: at(3).event_time_ms },
      ]);
      expect(await store.countEvents(range, 'cart')).toBe(1);
      // Views of (user, product of at(0), its session) and (user, product of at(5), other-session).
      expect(await store.countViewedTriples(range)).toBe(2);
      expect(await store.countViewedTriples({ ...range, toMs: at(5).event_time_ms })).toBe(1);
    });
  });
}
