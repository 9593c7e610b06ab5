import { MemoryFeatureData } from './memory-feature-data';
import { MemoryOnlineFeatureStore } from './memory-online-feature-store.driver';

describe('MemoryOnlineFeatureStore', () => {
  let now = 0;
  const data = new MemoryFeatureData({ now: () => now });

  it('forgets a batch guard after its TTL, as Redis does', async () => {
    const store = new MemoryOnlineFeatureStore({ data, guardTtlSeconds: 60 });
    const params = { batchId: 'b', updates: [{ key: 'k', incr: { n: 1 } }] };
    expect((await store.applyBatch(params)).outcome).toBe('applied');
    now += 59_999;
    expect((await store.applyBatch(params)).outcome).toBe('duplicate');
    now += 1;
    expect((await store.applyBatch(params)).outcome).toBe('applied');
    expect(await store.readMany(['k'])).toEqual([{ n: 2 }]);
  });

  it('keeps a key TTL across later updates without one, and resets it on updates with one', async () => {
    const store = new MemoryOnlineFeatureStore({ data, keyPrefix: 'ttl:' });
    await store.applyBatch({ batchId: 't1', updates: [{ key: 'k', incr: { n: 1 }, expireSeconds: 10 }] });
    now += 9_000;
    await store.applyBatch({ batchId: 't2', updates: [{ key: 'k', incr: { n: 1 } }] });
    now += 1_000;
    expect(await store.readMany(['k'])).toEqual([null]);
    await store.applyBatch({ batchId: 't3', updates: [{ key: 'k', incr: { n: 1 }, expireSeconds: 10 }] });
    now += 9_000;
    await store.applyBatch({ batchId: 't4', updates: [{ key: 'k', incr: { n: 1 }, expireSeconds: 10 }] });
    now += 9_000;
    expect(await store.readMany(['k'])).toEqual([{ n: 2 }]);
  });

  it('refuses a key prefix with a hash-tag brace', () => {
    expect(() => new MemoryOnlineFeatureStore({ keyPrefix: 'a{b}:' })).toThrow(/keyPrefix/);
  });
});
