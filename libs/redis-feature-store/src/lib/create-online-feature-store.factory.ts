import { OnlineStoreConfig } from '@platform/app-runtime';
import { Redis } from 'ioredis';
import { MemoryFeatureData } from './drivers/memory/memory-feature-data';
import { MemoryOnlineFeatureStore, MemoryOnlineFeatureStoreOptions } from './drivers/memory/memory-online-feature-store.driver';
import { RedisOnlineFeatureStore } from './drivers/redis/redis-online-feature-store.driver';
import { GenerationalOnlineFeatureStore } from './generations/generational-online-feature-store';
import { MemoryGenerationKeyspace } from './generations/memory-generation-keyspace.driver';
import { RedisGenerationKeyspace } from './generations/redis-generation-keyspace.driver';

export type CreateOnlineFeatureStoreOptions = Omit<MemoryOnlineFeatureStoreOptions, 'data'> & {
  /** ioredis connection name, shown by `CLIENT LIST`. */
  connectionName?: string;
  /** How stale a process's view of the generation pointer may be (default 1 s). */
  pointerCacheMs?: number;
};

/**
 * Picks the online store driver the configuration names (DESIGN.md section 3), behind the
 * key-space generations of section 6 (one driver store per generation, one connection for all).
 */
export function createOnlineFeatureStore(
  config: OnlineStoreConfig,
  { connectionName, clock, pointerCacheMs, ...options }: CreateOnlineFeatureStoreOptions = {},
): GenerationalOnlineFeatureStore {
  const keyPrefix = options.keyPrefix ?? '';
  switch (config.kind) {
    case 'memory': {
      const data = config.shared ? MemoryFeatureData.shared : new MemoryFeatureData(clock);
      return new GenerationalOnlineFeatureStore({
        keyPrefix,
        pointerCacheMs,
        keyspace: new MemoryGenerationKeyspace(data, keyPrefix),
        storeFor: (prefix) => new MemoryOnlineFeatureStore({ ...options, keyPrefix: prefix, data }),
        close: async () => undefined,
      });
    }
    case 'redis': {
      const client = new Redis(config.url, { connectionName });
      const first = new RedisOnlineFeatureStore({ ...options, client });
      return new GenerationalOnlineFeatureStore({
        keyPrefix,
        pointerCacheMs,
        keyspace: new RedisGenerationKeyspace(client, keyPrefix),
        storeFor: (prefix) => new RedisOnlineFeatureStore({ ...options, keyPrefix: prefix, client, ownsClient: false }),
        close: () => first.close(),
      });
    }
  }
}
