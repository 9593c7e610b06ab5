import { OnlineStoreConfig } from '@platform/app-runtime';
import { Redis } from 'ioredis';
import { MemoryFeatureData } from './drivers/memory/memory-feature-data';
import { MemoryOnlineFeatureStore, MemoryOnlineFeatureStoreOptions } from './drivers/memory/memory-online-feature-store.driver';
import { RedisOnlineFeatureStore } from './drivers/redis/redis-online-feature-store.driver';
import { OnlineFeatureStore } from './online-feature-store.port';

export type CreateOnlineFeatureStoreOptions = Omit<MemoryOnlineFeatureStoreOptions, 'data'> & {
  /** ioredis connection name, shown by `CLIENT LIST`. */
  connectionName?: string;
};

/** Picks the online store driver the configuration names (DESIGN.md section 3). */
export function createOnlineFeatureStore(
  config: OnlineStoreConfig,
  { connectionName, clock, ...options }: CreateOnlineFeatureStoreOptions = {},
): OnlineFeatureStore {
  switch (config.kind) {
    case 'memory':
      return config.shared ? new MemoryOnlineFeatureStore({ ...options, data: MemoryFeatureData.shared }) : new MemoryOnlineFeatureStore({ ...options, clock });
    case 'redis':
      return new RedisOnlineFeatureStore({ ...options, client: new Redis(config.url, { connectionName }) });
  }
}
