import { randomBytes } from 'node:crypto';
import { MemoryFeatureData } from '../lib/drivers/memory/memory-feature-data';
import { MemoryOnlineFeatureStore } from '../lib/drivers/memory/memory-online-feature-store.driver';
import { OnlineStoreHarness } from './online-feature-store.contract';

/** Two in-memory stores on one keyspace, with a clock the test moves. */
export async function createMemoryStoreHarness(): Promise<OnlineStoreHarness> {
  let now = Date.parse('2019-10-01T00:00:00Z');
  const data = new MemoryFeatureData({ now: () => now });
  const keyPrefix = `test:${randomBytes(4).toString('hex')}:`;
  return {
    store: new MemoryOnlineFeatureStore({ data, keyPrefix }),
    secondStore: new MemoryOnlineFeatureStore({ data, keyPrefix }),
    guardScope: 'slot',
    advanceClock: (milliseconds) => {
      now += milliseconds;
    },
    dispose: async () => undefined,
  };
}
