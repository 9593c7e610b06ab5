import { itemAt } from '@platform/common';
import { randomUUID } from 'node:crypto';
import { InvalidFeatureReadError } from '../lib/errors/invalid-feature-read.error';
import { InvalidFeatureUpdateError } from '../lib/errors/invalid-feature-update.error';
import { FeatureState } from '@platform/features';
import { KeyUpdate } from '../lib/key-update';
import { OnlineFeatureStore } from '../lib/online-feature-store.port';
import { GuardScope } from '../lib/planning/plan-batch';
import { splitBySlot } from '../lib/planning/split-by-slot';

export interface OnlineStoreHarness {
  /** A store whose keys carry a prefix unique to this run. */
  store: OnlineFeatureStore;
  /** Another client of the same data (a second connection, or a second instance on shared memory). */
  secondStore: OnlineFeatureStore;
  guardScope: GuardScope;
  /** Moves the driver's clock; absent when real time has to pass (Redis). */
  advanceClock?: (milliseconds: number) => void;
  /** Removes everything the run wrote and closes the stores. */
  dispose(): Promise<void>;
}

/** The behaviour every online store driver promises; run against each driver by its own spec. */
export function describeOnlineFeatureStoreContract(label: string, makeHarness: () => Promise<OnlineStoreHarness>): void {
  describe(`OnlineFeatureStore contract (${label})`, () => {
    let harness: OnlineStoreHarness | undefined;
    let store: OnlineFeatureStore;
    const batch = () => `batch-${randomUUID()}`;

    beforeAll(async () => {
      harness = await makeHarness();
      store = harness.store;
    }, 30_000);

    afterAll(async () => {
      await harness?.dispose();
    }, 60_000);

    it('applies incr, max, min and latest, and reads numbers back as numbers', async () => {
      const result = await store.applyBatch({
        batchId: batch(),
        updates: [
          { key: 'ops:u1', incr: { views: 2, price_sum: 10.25 }, max: { last_ts: 50 }, min: { first_ts: 50 } },
          { key: 'ops:u1', incr: { views: 1, price_sum: 0.1 }, max: { last_ts: 40 }, min: { first_ts: 40 } },
          { key: 'ops:u1', latest: [{ group: 'brand', at: 45, tiebreak: 'e1', fields: { brand: 'apple', price: 999.99 } }] },
        ],
      });
      expect(result).toEqual({ outcome: 'applied', groups: 1, appliedGroups: 1 });
      expect(await store.readMany(['ops:u1'])).toEqual([
        { views: 3, price_sum: 10.25 + 0.1, last_ts: 50, first_ts: 40, brand_at: 45, brand_tb: 'e1', brand: 'apple', price: 999.99 },
      ]);
    });

    it('applies the same batch once, however often it is delivered', async () => {
      const batchId = batch();
      const updates: KeyUpdate[] = [
        { key: 'dup:a', incr: { n: 1 } },
        { key: 'dup:b', incr: { n: 5 }, max: { m: 3 } },
        { key: 'dup:c', incr: { n: 1.5 } },
      ];
      const first = await store.applyBatch({ batchId, updates });
      expect(first.outcome).toBe('applied');
      expect(await store.applyBatch({ batchId, updates })).toEqual({ ...first, outcome: 'duplicate', appliedGroups: 0 });
      expect((await store.applyBatch({ batchId, updates })).outcome).toBe('duplicate');
      expect(await store.readMany(['dup:a', 'dup:b', 'dup:c'])).toEqual([{ n: 1 }, { n: 5, m: 3 }, { n: 1.5 }]);
      expect((await store.applyBatch({ batchId: batch(), updates })).outcome).toBe('applied');
      expect(await store.readMany(['dup:a', 'dup:b', 'dup:c'])).toEqual([{ n: 2 }, { n: 10, m: 3 }, { n: 3 }]);
    });

    it('completes a batch an earlier attempt applied in part', async () => {
      // Keys in distinct slots, so that the first key's slot group is the same in both attempts.
      const keys = ['part:1', 'part:2', 'part:3', 'part:4'];
      expect(splitBySlot('x', keys.map((key) => ({ key })))).toHaveLength(keys.length);
      const updates = keys.map((key) => ({ key, incr: { n: 1 } }));
      const batchId = batch();
      expect((await store.applyBatch({ batchId, updates: updates.slice(0, 1) })).outcome).toBe('applied');
      const second = await store.applyBatch({ batchId, updates });
      const counts = (await store.readMany(keys)).map((record) => record?.['n'] ?? 0);
      if (harness?.guardScope === 'slot') {
        expect(second).toEqual({ outcome: 'partial', groups: 4, appliedGroups: 3 });
        expect(counts).toEqual([1, 1, 1, 1]);
      } else {
        // One guard for the whole batch: the second attempt is a duplicate, which is why a batch
        // must always be sent with the same updates.
        expect(second).toEqual({ outcome: 'duplicate', groups: 1, appliedGroups: 0 });
        expect(counts).toEqual([1, 0, 0, 0]);
      }
    });

    it('applies 100,000 updates in one batch, once', async () => {
      const keyCount = 20_000;
      const updates: KeyUpdate[] = [];
      for (let round = 0; round < 5; round++) {
        for (let i = 0; i < keyCount; i++) {
          updates.push({
            key: `big:${i}`,
            incr: { views: 1, price_sum: 1.1 },
            max: { last_ts: round * 1000 + i },
            expireSeconds: 3600,
          });
        }
      }
      expect(updates).toHaveLength(100_000);
      const batchId = batch();
      const started = Date.now();
      const result = await store.applyBatch({ batchId, updates, newestEventAt: 1 });
      const elapsed = Date.now() - started;
      expect(result.outcome).toBe('applied');
      expect(result.appliedGroups).toBe(result.groups);
      expect(elapsed).toBeLessThan(30_000);

      const priceSum = 1.1 + 1.1 + 1.1 + 1.1 + 1.1; // the same double arithmetic, in order
      const keys = Array.from({ length: keyCount }, (_, i) => `big:${i}`);
      const records = await store.readMany(keys);
      records.forEach((record, i) => {
        if (record?.['views'] !== 5 || record['price_sum'] !== priceSum || record['last_ts'] !== 4000 + i) {
          throw new Error(`big:${i} is ${JSON.stringify(record)}`);
        }
      });
      expect((await store.applyBatch({ batchId, updates })).outcome).toBe('duplicate');
      expect((await store.readMany(['big:0', 'big:19999']))).toEqual([records[0], records[19_999]]);
    }, 120_000);

    it('reads missing keys as null, in order, in one call', async () => {
      await store.applyBatch({ batchId: batch(), updates: [{ key: 'read:present', incr: { n: 7 } }] });
      expect(await store.readMany(['read:absent-1', 'read:present', 'read:absent-2'])).toEqual([null, { n: 7 }, null]);
      expect(await store.readMany([])).toEqual([]);
    });

    it('reads through a field of an earlier read in the same call, and null through what is missing', async () => {
      await store.applyBatch({
        batchId: batch(),
        updates: [
          { key: 'follow:user:1', latest: [{ group: 'session', at: 1, tiebreak: 'e1', fields: { latest_session: 'ab-12' } }] },
          { key: 'follow:session:ab-12', incr: { events: 3 } },
          { key: 'follow:user:1:session:ab-12:x', incr: { views: 2 } },
          { key: 'follow:user:2', incr: { events: 1 } },
        ],
      });
      const session = (via: number) => ({ via, field: 'latest_session', prefix: 'follow:session:' });
      expect(
        await store.readRecords([
          'follow:user:1',
          session(0),
          { via: 0, field: 'latest_session', prefix: 'follow:user:1:session:', suffix: ':x' },
          'follow:user:2',
          session(3),
          'follow:user:absent',
          session(5),
          'follow:session:ab-12',
        ]),
      ).toEqual([
        { latest_session: 'ab-12', session_at: 1, session_tb: 'e1' },
        { events: 3 },
        { views: 2 },
        { events: 1 },
        null,
        null,
        null,
        { events: 3 },
      ]);
      expect(await store.readRecords([])).toEqual([]);
      await expect(store.readRecords([session(0)])).rejects.toThrow('Invalid feature read at reads[0].via');
      await expect(store.readRecords(['follow:user:1', session(0), { ...session(1) }])).rejects.toThrow(InvalidFeatureReadError);
    });

    it('lets keys expire after their TTL, and keeps keys without one', async () => {
      await store.applyBatch({
        batchId: batch(),
        updates: [
          { key: 'ttl:short', incr: { n: 1 }, expireSeconds: 1 },
          { key: 'ttl:none', incr: { n: 1 } },
          // A TTL set while the key does not exist yet is a no-op (EXPIRE on a missing key)...
          { key: 'ttl:set-too-early', expireSeconds: 1 },
          { key: 'ttl:set-too-early', incr: { n: 1 } },
          // ...and a later update's TTL applies to what earlier updates of the same batch wrote.
          { key: 'ttl:set-later', incr: { n: 1 } },
          { key: 'ttl:set-later', expireSeconds: 1 },
        ],
      });
      const keys = ['ttl:short', 'ttl:none', 'ttl:set-too-early', 'ttl:set-later'];
      expect(await store.readMany(keys)).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }, { n: 1 }]);
      harness?.advanceClock?.(1_001);
      await eventually(async () => (await store.readMany(['ttl:short', 'ttl:set-later'])).every((record) => record === null), 5_000);
      expect(await store.readMany(['ttl:none', 'ttl:set-too-early'])).toEqual([{ n: 1 }, { n: 1 }]);
    });

    it('sums concurrent batches from two clients on the same keys, each batch once', async () => {
      const second = harness?.secondStore ?? store;
      const keys = Array.from({ length: 10 }, (_, i) => `concurrent:${i}`);
      const batches = Array.from({ length: 60 }, (_, n) => ({
        batchId: batch(),
        updates: keys.map((key) => ({ key, incr: { n: 1, sum: n }, max: { top: n }, min: { low: n } })),
      }));
      // Every batch is delivered to both clients at once: only one delivery may count.
      const results = await Promise.all(batches.flatMap((params) => [store.applyBatch(params), second.applyBatch(params)]));
      // Between them, the two deliveries of a batch applied each of its groups exactly once.
      for (let n = 0; n < batches.length; n++) {
        const [a, b] = [itemAt(results, 2 * n), itemAt(results, 2 * n + 1)];
        expect(a.appliedGroups + b.appliedGroups).toBe(a.groups);
      }
      const expectedSum = (59 * 60) / 2;
      for (const reader of [store, second]) {
        expect(await reader.readMany(keys)).toEqual(keys.map(() => ({ n: 60, sum: expectedSum, top: 59, low: 0 })));
      }
    }, 60_000);

    it('keeps max, min and latest-by-time whatever order batches arrive in', async () => {
      const events = [
        { at: 300, brand: 'c', price: 3 },
        { at: 100, brand: 'a', price: 1 },
        { at: 200, brand: 'b', price: 2 },
      ];
      for (const [key, order] of [
        ['order:forward', [1, 2, 0]],
        ['order:backward', [0, 2, 1]],
      ] as const) {
        for (const index of order) {
          const { at, brand, price } = itemAt(events, index);
          await store.applyBatch({
            batchId: batch(),
            updates: [
              { key, max: { last: at }, min: { first: at }, latest: [{ group: 'seen', at, tiebreak: `e${at}`, fields: { brand, price } }] },
            ],
          });
        }
      }
      const expected = { last: 300, first: 100, seen_at: 300, seen_tb: 'e300', brand: 'c', price: 3 };
      expect(await store.readMany(['order:forward', 'order:backward'])).toEqual([expected, expected]);

      // Equal times: the larger tiebreak wins, whichever arrives first; an equal stamp changes nothing.
      const tie = (key: string, tiebreak: string, brand: string): KeyUpdate => ({
        key,
        latest: [{ group: 'seen', at: 500, tiebreak, fields: { brand } }],
      });
      for (const [key, first, second] of [
        ['tie:1', tie('tie:1', 'e-b', 'from b'), tie('tie:1', 'e-a', 'from a')],
        ['tie:2', tie('tie:2', 'e-a', 'from a'), tie('tie:2', 'e-b', 'from b')],
      ] as const) {
        await store.applyBatch({ batchId: batch(), updates: [first] });
        await store.applyBatch({ batchId: batch(), updates: [second] });
        await store.applyBatch({ batchId: batch(), updates: [tie(key, 'e-b', 'same stamp again')] });
      }
      expect(await store.readMany(['tie:1', 'tie:2'])).toEqual([
        { seen_at: 500, seen_tb: 'e-b', brand: 'from b' },
        { seen_at: 500, seen_tb: 'e-b', brand: 'from b' },
      ]);
    });

    it('ends where the reference semantics (applyKeyUpdate of @platform/features) ends, whatever the order', async () => {
      let seed = 42;
      const random = (n: number) => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed % n;
      };
      const keys = ['ref:a', 'ref:b', 'ref:c'];
      let events = 0; // a stamp (at, event id) is unique per event, as in real data
      const batches = Array.from({ length: 40 }, () =>
        Array.from({ length: 1 + random(4) }, (): KeyUpdate => {
          const at = 1_000 + random(20); // few distinct times: ties on `at` are common
          return {
            key: itemAt(keys, random(keys.length)),
            incr: { views: 1, price_sum: random(10_000) / 100 },
            max: { newest: at },
            min: { oldest: at },
            latest: [{ group: 'last', at, tiebreak: `e${random(100)}-${events++}`, fields: { brand: `brand-${random(7)}`, price: random(500) / 4 } }],
          };
        }),
      );
      const reference = new FeatureState();
      for (const updates of batches) reference.apply(updates);
      // The store gets the batches in another order: the latest values must not depend on it.
      for (const updates of [...batches].reverse()) await store.applyBatch({ batchId: batch(), updates });
      const records = await store.readMany(keys);
      keys.forEach((key, i) => {
        const expected = reference.read(key);
        const got = records[i];
        expect({ ...got, price_sum: undefined }).toEqual({ ...expected, price_sum: undefined });
        // Sums in another order may differ in the last bits of a double.
        expect(got?.['price_sum']).toBeCloseTo(Number(expected?.['price_sum']), 6);
      });
    });

    it('applies several updates of one key in one batch in order, fields shared between operations, as the reference does', async () => {
      const flags = Object.fromEntries(Array.from({ length: 2_600 }, (_, i) => [`p:${i}`, 1])); // more fields than one HMGET/HSET slice
      const updates: KeyUpdate[] = [
        { key: 'same:a', incr: { n: 2, shared: 5 }, max: { shared: 3, top: 10 }, min: { shared: 100, low: 7 } },
        { key: 'same:b', max: flags, incr: { 'p:7': 2 }, expireSeconds: 3600 },
        { key: 'same:a', min: { shared: 4, top: 1 }, latest: [{ group: 'g', at: 5, tiebreak: 'e5', fields: { n: 'text now', g_at: 1 } }] },
        { key: 'same:a', incr: { shared: 0.5, low: -10 }, latest: [{ group: 'g', at: 4, tiebreak: 'e9', fields: { n: 'older' } }] },
        { key: 'same:b', max: { 'p:1': 0, 'p:2': 5 }, min: { 'p:3': -1 }, incr: { 'p:2500': 1.25 } },
        { key: 'same:a', latest: [{ group: 'g', at: 5, tiebreak: 'e6', fields: { quote: 'a "b" \\ c\n\u0001 😀' } }] },
      ];
      const reference = new FeatureState();
      reference.apply(updates);
      expect((await store.applyBatch({ batchId: batch(), updates })).outcome).toBe('applied');
      const [a, b] = await store.readMany(['same:a', 'same:b']);
      expect(a).toEqual(reference.read('same:a'));
      expect(b).toEqual(reference.read('same:b'));
      expect(Object.keys(b ?? {})).toHaveLength(2_600);
    });

    it('drops a record that expired in event time before applying, as the reference does, in one batch or several', async () => {
      const DAY = 86_400_000;
      const visit = (key: string, at: number, extra: Record<string, number> = {}): KeyUpdate => ({
        key,
        incr: { events: 1 },
        max: { last_ts: at, ...extra },
        min: { first_ts: at },
        latest: [{ group: 'g', at, tiebreak: `e${at}`, fields: { note: `at ${at}` } }],
        expireSeconds: 2 * 86_400,
        expiry: { field: 'last_ts', since: at },
      });
      const wide = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`w:${i}`, i])); // fields the later update never reads
      const timeline = [visit('exp:a', DAY, wide), visit('exp:a', 2 * DAY), visit('exp:a', 4 * DAY), visit('exp:a', 6 * DAY - 1)];
      const oneBatch = timeline.map((update) => ({ ...update, key: 'exp:b' }));
      const reference = new FeatureState();
      reference.apply(timeline);
      for (const update of timeline) await store.applyBatch({ batchId: batch(), updates: [update] });
      await store.applyBatch({ batchId: batch(), updates: oneBatch });
      const [a, b] = await store.readMany(['exp:a', 'exp:b']);
      expect(a).toEqual(reference.read('exp:a'));
      expect(b).toEqual(reference.read('exp:a'));
      expect(a).toMatchObject({ events: 2, first_ts: 4 * DAY, last_ts: 6 * DAY - 1 });
      expect(a?.['w:3']).toBeUndefined();
    });

    it('trims capped sets to their newest members, whatever the order and batching, as the reference does', async () => {
      const member = (key: string, product: number, at: number): KeyUpdate => ({
        key,
        incr: { events: 1 },
        max: { [`p:${product}`]: at, last_ts: at },
        caps: [{ prefix: 'p:', keep: 5 }],
      });
      const updates = Array.from({ length: 40 }, (_, i) => member('cap:a', i % 13, 1_000 + ((i * 7) % 11)));
      const reference = new FeatureState();
      reference.apply(updates);
      for (const update of [...updates].reverse()) await store.applyBatch({ batchId: batch(), updates: [update] });
      await store.applyBatch({ batchId: batch(), updates: updates.map((update) => ({ ...update, key: 'cap:b' })) });
      const many = Object.fromEntries(Array.from({ length: 3_000 }, (_, i) => [`p:${i}`, i % 100])); // more than a HDEL slice
      await store.applyBatch({ batchId: batch(), updates: [{ key: 'cap:c', max: many, caps: [{ prefix: 'p:', keep: 5 }] }] });
      const [a, b, c] = await store.readMany(['cap:a', 'cap:b', 'cap:c']);
      expect(a).toEqual(reference.read('cap:a'));
      expect(b).toEqual(reference.read('cap:a'));
      expect(Object.keys(a ?? {}).filter((field) => field.startsWith('p:'))).toHaveLength(5);
      // Thirty members hold the newest time 99: the five greatest names in byte order stay ("p:99" > "p:899").
      expect(Object.keys(c ?? {}).sort()).toEqual(['p:999', 'p:99', 'p:899', 'p:799', 'p:699'].sort());
    });

    it('keeps strings exactly: 19-digit ids, UUIDs, decimal text', async () => {
      const session = randomUUID();
      await store.applyBatch({
        batchId: batch(),
        updates: [
          {
            key: 'strings:u1',
            latest: [
              {
                group: 'ids',
                at: 1,
                tiebreak: 'e1',
                fields: {
                  category_id: '2053013555631882655',
                  big_negative: '-9223372036854775808',
                  session,
                  price_text: '1.50',
                  padded: '007',
                  empty: '',
                  brand: 'ｚ 😀 é',
                  product_id: '44600062',
                },
              },
            ],
          },
        ],
      });
      const [record] = await store.readMany(['strings:u1']);
      expect(record).toMatchObject({
        category_id: '2053013555631882655',
        big_negative: '-9223372036854775808',
        session,
        price_text: '1.50',
        padded: '007',
        empty: '',
        brand: 'ｚ 😀 é',
      });
      // A numeric string that a double holds exactly reads as a number; String() gives it back.
      expect(String(record?.['product_id'])).toBe('44600062');
    });

    it('reports the newest event time applied', async () => {
      const before = await store.freshness();
      const base = (before ?? 0) + 1_000_000;
      for (const at of [base + 1000, base + 3000, base + 2000]) {
        await store.applyBatch({ batchId: batch(), updates: [{ key: 'fresh:x', incr: { n: 1 } }], newestEventAt: at });
      }
      expect(await store.freshness()).toBe(base + 3000);
    });

    it('refuses a bad batch as a whole, naming the bad value', async () => {
      const bad: [unknown, string][] = [
        [[{ key: 'bad:a', incr: { n: '5' } }], 'updates[0].incr.n'],
        [[{ key: 'bad:a', incr: { n: 1 } }, { key: 'bad:b', max: { m: Number.NaN } }], 'updates[1].max.m'],
        [[{ key: '', incr: { n: 1 } }], 'updates[0].key'],
        [[{ key: 'batch:x', incr: { n: 1 } }], 'updates[0].key'],
        [[{ key: 'bad:a', expireSeconds: 0.5 }], 'updates[0].expireSeconds'],
        [[{ key: 'bad:a', latest: [{ group: 'g', at: 1, tiebreak: 'e', fields: { id: 12345678901234567890n } }] }], 'updates[0].latest[0].fields.id'],
        [[{ key: 'bad:a', latest: [{ group: 'g', at: 1, fields: {} }] }], 'updates[0].latest[0].tiebreak'],
        [[{ key: 'bad:a', incr: { n: 1 }, expiry: { field: 'last_ts', since: 1 } }], 'updates[0].expiry'],
        [[{ key: 'bad:a', incr: { 'p:1': 1 }, caps: [{ prefix: 'p:', keep: 3 }] }], 'updates[0].incr.p:1'],
        [[{ key: 'bad:a', caps: [{ prefix: 'p:', keep: 0 }] }], 'updates[0].caps[0].keep'],
      ];
      for (const [updates, path] of bad) {
        const error = await store
          .applyBatch({ batchId: batch(), updates: updates as KeyUpdate[] })
          .catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(InvalidFeatureUpdateError);
        expect(error).toMatchObject({ path, retriable: false, code: 'ONLINE_STORE_INVALID_UPDATE' });
      }
      expect(await store.readMany(['bad:a', 'bad:b'])).toEqual([null, null]);
      await expect(store.applyBatch({ batchId: '', updates: [] })).rejects.toThrow(/batchId/);
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}

/** Polls until the condition holds (no fixed sleep standing in for it), failing after `timeoutMs`. */
async function eventually(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
