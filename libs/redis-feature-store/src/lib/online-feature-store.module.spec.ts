import { Test } from '@nestjs/testing';
import { HealthModule, ReadinessRegistry } from '@platform/app-runtime';
import { ONLINE_FEATURE_STORE } from './online-feature-store.constants';
import { OnlineFeatureStoreModule } from './online-feature-store.module';
import { OnlineFeatureStore } from './online-feature-store.port';

describe('OnlineFeatureStoreModule', () => {
  it('provides the configured store and registers its readiness check', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [HealthModule, OnlineFeatureStoreModule.forRoot({ config: { kind: 'memory' }, keyPrefix: 'm:' })],
    }).compile();
    const app = await moduleRef.init();
    const store = app.get<OnlineFeatureStore>(ONLINE_FEATURE_STORE);
    await store.applyBatch({ batchId: 'b', updates: [{ key: 'k', incr: { n: 1 } }] });
    expect(await store.readMany(['k'])).toEqual([{ n: 1 }]);
    expect(await app.get(ReadinessRegistry).report()).toEqual({ ready: true, checks: { 'online-store': { ok: true } } });
    await app.close();
  });

  it('is configured from other providers with forRootAsync', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [OnlineFeatureStoreModule.forRootAsync({ useFactory: () => ({ config: { kind: 'memory' } }) })],
    }).compile();
    const store = moduleRef.get<OnlineFeatureStore>(ONLINE_FEATURE_STORE);
    expect(await store.freshness()).toBeNull();
    await moduleRef.close();
  });
});
