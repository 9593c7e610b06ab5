import { createMemoryStoreHarness } from '../testing/memory-store.harness';
import { describeOnlineFeatureStoreContract } from '../testing/online-feature-store.contract';

describeOnlineFeatureStoreContract('in memory', createMemoryStoreHarness);
