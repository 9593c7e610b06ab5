import { Module } from '@nestjs/common';
import { createOnlineFeatureStore } from './create-online-feature-store.factory';
import { ONLINE_FEATURE_STORE } from './online-feature-store.constants';
import { ONLINE_STORE_GENERATIONS } from './generations/online-store-generations.port';
import { OnlineFeatureStoreLifecycle } from './online-feature-store-lifecycle.service';
import {
  ONLINE_FEATURE_STORE_MODULE_OPTIONS,
  OnlineFeatureStoreConfigurableModule,
  OnlineFeatureStoreModuleOptions,
} from './online-feature-store.module-definition';

/**
 * Provides the `OnlineFeatureStore` under `ONLINE_FEATURE_STORE`:
 * `OnlineFeatureStoreModule.forRootAsync({ inject: [PLATFORM_CONFIG], useFactory: (c: PlatformConfig) => ({ config: c.onlineStore }) })`.
 */
@Module({
  providers: [
    {
      provide: ONLINE_FEATURE_STORE,
      inject: [ONLINE_FEATURE_STORE_MODULE_OPTIONS],
      useFactory: ({ config, ...options }: OnlineFeatureStoreModuleOptions) => createOnlineFeatureStore(config, options),
    },
    { provide: ONLINE_STORE_GENERATIONS, useExisting: ONLINE_FEATURE_STORE },
    OnlineFeatureStoreLifecycle,
  ],
  exports: [ONLINE_FEATURE_STORE, ONLINE_STORE_GENERATIONS],
})
export class OnlineFeatureStoreModule extends OnlineFeatureStoreConfigurableModule {}
