import { deleteKeysWithPrefix } from '@platform/testing';
import { randomBytes } from 'node:crypto';
import { connectToDevRedis } from '../../testing/redis-store.harness';
import { createOnlineFeatureStore } from '../create-online-feature-store.factory';
import { GenerationalOnlineFeatureStore } from './generational-online-feature-store';

const FAMILIES = ['user:', 'session:', 'product:'];

/** One behaviour, both drivers: the memory keyspace and the dev Redis. */
describe.each(['memory', 'redis'] as const)('key-space generations (%s)', (kind) => {
  let store: GenerationalOnlineFeatureStore;
  let dispose: () => Promise<void>;
  const keyPrefix = `test-gen-${randomBytes(4).toString('hex')}:`;

  beforeAll(async () => {
    if (kind === 'memory') {
      store = createOnlineFeatureStore({ kind: 'memory' }, { keyPrefix, pointerCacheMs: 0 });
      dispose = () => store.close();
    } else {
      const { url, admin } = await connectToDevRedis();
      store = createOnlineFeatureStore({ kind: 'redis', url }, { keyPrefix, pointerCacheMs: 0 });
      dispose = async () => {
        await deleteKeysWithPrefix(admin, keyPrefix);
        await store.close();
        admin.disconnect();
      };
    }
  });

  afterAll(() => dispose());

  it('reads a namespace without a pointer as generation 0, with the keys as they were', async () => {
    expect(await store.generationState()).toEqual({ current: 0, building: null });
    const result = await store.applyBatch({ batchId: 'a', updates: [{ key: 'user:1', incr: { views: 1 } }], newestEventAt: 5 });
    expect(result.generations).toEqual([0]);
    expect(await store.storeOf(0).readMany(['user:1'])).toEqual([{ views: 1 }]);
    expect(await store.readMany(['user:1'])).toEqual([{ views: 1 }]);
  });

  it('writes both generations while one is built, each batch once in each, and switches readers at once', async () => {
    const building = await store.beginBuilding();
    expect(building).toEqual({ current: 0, building: 1 });
    expect(await store.beginBuilding()).toEqual(building); // a resume: the same generation
    const result = await store.applyBatch({ batchId: 'b', updates: [{ key: 'user:1', incr: { views: 1 } }] });
    expect(result.generations).toEqual([0, 1]);
    // The materialize applies the same batch to generation 1: its guard there says it is done.
    expect((await store.storeOf(1).applyBatch({ batchId: 'b', updates: [{ key: 'user:1', incr: { views: 1 } }] })).outcome).toBe('duplicate');
    await store.storeOf(1).applyBatch({ batchId: 'a', updates: [{ key: 'user:1', incr: { views: 1 } }], newestEventAt: 5 });
    expect(await store.readMany(['user:1'])).toEqual([{ views: 2 }]);
    expect(await store.switchTo(2)).toBe(false);
    expect(await store.switchTo(1)).toBe(true);
    expect(await store.generationState()).toEqual({ current: 1, building: null });
    expect(await store.readRecords(['user:1'])).toEqual([{ views: 2 }]);
    expect(await store.freshness()).toBe(5);
  });

  it('deletes an old generation 0 by its families only, never the pointer or the new generation', async () => {
    await expect(store.deleteGeneration(1, FAMILIES)).rejects.toThrow(/in use/);
    expect(await store.deleteGeneration(0, FAMILIES)).toBeGreaterThanOrEqual(3); // user:1, two guards, freshness
    expect(await store.storeOf(0).readMany(['user:1'])).toEqual([null]);
    expect(await store.readMany(['user:1'])).toEqual([{ views: 2 }]);
    expect(await store.generationState()).toEqual({ current: 1, building: null });
    expect((await store.beginBuilding()).building).toBe(2);
  });

  it('deletes the given hashes that expired by a cutoff, keeping the others', async () => {
    const target = store.storeOf(2);
    await target.applyBatch({ batchId: 'c', updates: [{ key: 'session:old', max: { last_ts: 100 } }, { key: 'session:new', max: { last_ts: 300 } }, { key: 'product:9', max: { last_ts: 100 } }] });
    const deleted = await store.deleteExpired(2, ['session:old', 'session:new', 'product:9', 'session:missing'], 'last_ts', (key) => (key.startsWith('session:') ? 200 : undefined));
    expect(deleted).toBe(1);
    expect(await target.readMany(['session:old', 'session:new', 'product:9'])).toEqual([null, { last_ts: 300 }, { last_ts: 100 }]);
  });
});
