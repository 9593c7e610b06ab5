import { deleteKeysWithPrefix, readServicesEnv } from '@platform/testing';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { RedisOnlineFeatureStore } from '../lib/drivers/redis/redis-online-feature-store.driver';
import { GuardScope } from '../lib/planning/plan-batch';
import { OnlineStoreHarness } from './online-feature-store.contract';

/** Fails (never skips) with the way out when the dev Redis is down. */
export async function connectToDevRedis(): Promise<{ url: string; admin: Redis }> {
  const url = readServicesEnv().REDIS_URL;
  const admin = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: 3000 });
  try {
    await admin.connect();
    await admin.ping();
  } catch (error) {
    admin.disconnect();
    throw new Error(`Redis at ${url} does not answer (${(error as Error).message}): run \`npm run services:up\``, { cause: error });
  }
  return { url, admin };
}

/** Two Redis stores on two connections, keys under a prefix unique to this run (deleted after). */
export async function createRedisStoreHarness(guardScope: GuardScope): Promise<OnlineStoreHarness> {
  const { url, admin } = await connectToDevRedis();
  const keyPrefix = `test:${randomBytes(4).toString('hex')}:`;
  const store = new RedisOnlineFeatureStore({ client: new Redis(url), keyPrefix, guardScope });
  const secondStore = new RedisOnlineFeatureStore({ client: new Redis(url), keyPrefix, guardScope });
  return {
    store,
    secondStore,
    guardScope,
    dispose: async () => {
      try {
        await deleteKeysWithPrefix(admin, keyPrefix);
      } finally {
        await Promise.all([store.close(), secondStore.close()]);
        admin.disconnect();
      }
    },
  };
}
