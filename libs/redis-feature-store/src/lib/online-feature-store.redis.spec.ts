import { createRedisStoreHarness } from '../testing/redis-store.harness';
import { describeOnlineFeatureStoreContract } from '../testing/online-feature-store.contract';

describeOnlineFeatureStoreContract('Redis, a guard per slot group (Redis Cluster plan)', () => createRedisStoreHarness('slot'));
describeOnlineFeatureStoreContract('Redis, a guard per batch (standalone plan)', () => createRedisStoreHarness('batch'));
