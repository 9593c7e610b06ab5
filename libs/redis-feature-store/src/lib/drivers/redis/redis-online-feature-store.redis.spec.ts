import { Test } from '@nestjs/testing';
import { HealthModule, ReadinessRegistry } from '@platform/app-runtime';
import { deleteKeysWithPrefix } from '@platform/testing';
import calculateSlot from 'cluster-key-slot';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { connectToDevRedis } from '../../../testing/redis-store.harness';
import { formatFeatureNumber } from '../../codec/feature-number.codec';
import { FeatureKeyWrongTypeError } from '../../errors/feature-key-wrong-type.error';
import { OnlineStoreUnavailableError } from '../../errors/online-store-unavailable.error';
import { ONLINE_FEATURE_STORE } from '../../online-feature-store.constants';
import { OnlineFeatureStoreModule } from '../../online-feature-store.module';
import { OnlineFeatureStore } from '../../online-feature-store.port';
import { FORMAT_NUMBER_LUA } from './apply-group.lua';
import { GenerationalOnlineFeatureStore } from '../../generations/generational-online-feature-store';
import { RedisOnlineFeatureStore } from './redis-online-feature-store.driver';

describe('RedisOnlineFeatureStore on the dev Redis', () => {
  let url: string;
  let admin: Redis;
  const keyPrefix = `test:${randomBytes(4).toString('hex')}:`;

  beforeAll(async () => {
    ({ url, admin } = await connectToDevRedis());
  });

  afterAll(async () => {
    if (!admin) return;
    await deleteKeysWithPrefix(admin, keyPrefix);
    admin.disconnect();
  });

  it('writes computed numbers as the same text as formatFeatureNumber (Lua and TypeScript agree)', async () => {
    const ties = [1 + 2 ** -17, 123456789012345.125, 1429922927812057.25, -(2 ** 70 + 2 ** 18), 0.5 + 2 ** -50];
    const values = [...ties, 0.1 + 0.2, 1e-5, -2.5e-7, 1e15 + 0.5, 2 ** 53, 2 ** 53 + 2, -(2 ** 60), 1e21, 5e-324, 1.7976931348623157e308];
    for (let i = 0; i < 3000; i++) values.push((Math.random() - 0.5) * 10 ** Math.floor(Math.random() * 50 - 25));
    // Doubles with few significant bits: where exact decimal ties live.
    for (let i = 0; i < 2000; i++) values.push(Math.round(Math.random() * 2 ** 30) * 2 ** Math.floor(Math.random() * 60 - 40));
    const lua = `${FORMAT_NUMBER_LUA}
      local out = {}
      for i, text in ipairs(ARGV) do out[i] = format_number(tonumber(text)) end
      return out`;
    const written = (await admin.eval(lua, 0, ...values.map(String))) as string[];
    expect(written).toEqual(values.map(formatFeatureNumber));
  });

  it('refuses a group touching a key that is not a hash, before writing anything', async () => {
    const store = new RedisOnlineFeatureStore({ client: new Redis(url), keyPrefix });
    try {
      await admin.set(`${keyPrefix}wrong:{t}:string`, 'x');
      const params = {
        batchId: 'wrong-type',
        updates: [
          { key: 'wrong:{t}:hash', incr: { n: 1 } },
          { key: 'wrong:{t}:string', incr: { n: 1 } },
        ],
      };
      const error = await store.applyBatch(params).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(FeatureKeyWrongTypeError);
      expect(error).toMatchObject({ key: `${keyPrefix}wrong:{t}:string`, actualType: 'string', retriable: false });
      expect(await store.readMany(['wrong:{t}:hash'])).toEqual([null]);
      // Nothing applied, guard included: once the key is fixed, the same batch applies.
      await admin.del(`${keyPrefix}wrong:{t}:string`);
      expect((await store.applyBatch(params)).outcome).toBe('applied');
      expect(await store.readMany(['wrong:{t}:hash', 'wrong:{t}:string'])).toEqual([{ n: 1 }, { n: 1 }]);
    } finally {
      await store.close();
    }
  });

  it('refuses a key that is not a hash even when its update touches no field', async () => {
    const store = new RedisOnlineFeatureStore({ client: new Redis(url), keyPrefix, guardScope: 'batch' });
    try {
      await admin.set(`${keyPrefix}wrong:string-no-field`, 'x');
      const updates = [{ key: 'wrong:first', incr: { n: 1 } }, { key: 'wrong:string-no-field', expireSeconds: 60 }];
      await expect(store.applyBatch({ batchId: 'wrong-type-no-field', updates })).rejects.toBeInstanceOf(FeatureKeyWrongTypeError);
      expect(await store.readMany(['wrong:first'])).toEqual([null]);
      expect(await admin.ttl(`${keyPrefix}wrong:string-no-field`)).toBe(-1);
    } finally {
      await store.close();
    }
  });

  it('stores each guard in its group slot with the guard TTL', async () => {
    const store = new RedisOnlineFeatureStore({ client: new Redis(url), keyPrefix, guardTtlSeconds: 600 });
    try {
      await store.applyBatch({ batchId: 'guards', updates: [{ key: 'user:{1}', incr: { n: 1 } }, { key: 'user:{2}', incr: { n: 1 } }] });
      const guards = await admin.keys(`${keyPrefix}batch:*:guards`);
      expect(guards.map((guard) => calculateSlot(guard)).sort()).toEqual([calculateSlot('1'), calculateSlot('2')].sort());
      for (const guard of guards) {
        const ttl = await admin.ttl(guard);
        expect(ttl).toBeGreaterThan(590);
        expect(ttl).toBeLessThanOrEqual(600);
      }
    } finally {
      await store.close();
    }
  });

  it('reports an unreachable Redis as a retriable OnlineStoreUnavailableError', async () => {
    const client = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    const store = new RedisOnlineFeatureStore({ client });
    const error = await store.readMany(['x']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OnlineStoreUnavailableError);
    expect(error).toMatchObject({ retriable: true, code: 'ONLINE_STORE_UNAVAILABLE' });
    await expect(store.ping()).rejects.toBeInstanceOf(OnlineStoreUnavailableError);
    await store.close();
  });

  it('is provided by the Nest module from a redis config, ready, and quits on shutdown', async () => {
    const connectionName = `feature-store-test-${randomBytes(4).toString('hex')}`;
    const moduleRef = await Test.createTestingModule({
      imports: [HealthModule, OnlineFeatureStoreModule.forRoot({ config: { kind: 'redis', url }, keyPrefix, connectionName })],
    }).compile();
    const app = await moduleRef.init();
    const store = app.get<OnlineFeatureStore>(ONLINE_FEATURE_STORE);
    // Apps get the Redis driver behind the key-space generations (DESIGN.md section 6).
    expect(store).toBeInstanceOf(GenerationalOnlineFeatureStore);
    expect((store as GenerationalOnlineFeatureStore).storeOf(0)).toBeInstanceOf(RedisOnlineFeatureStore);
    expect(await app.get(ReadinessRegistry).report()).toEqual({ ready: true, checks: { 'online-store': { ok: true } } });
    expect(await admin.client('LIST')).toContain(`name=${connectionName}`);
    await app.close();
    expect(await admin.client('LIST')).not.toContain(`name=${connectionName}`);
  });
});
