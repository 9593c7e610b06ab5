import { ConfigurableModuleBuilder } from '@nestjs/common';
import { OnlineStoreConfig } from '@platform/app-runtime';
import { CreateOnlineFeatureStoreOptions } from './create-online-feature-store.factory';

export interface OnlineFeatureStoreModuleOptions extends CreateOnlineFeatureStoreOptions {
  config: OnlineStoreConfig;
}

export const {
  ConfigurableModuleClass: OnlineFeatureStoreConfigurableModule,
  MODULE_OPTIONS_TOKEN: ONLINE_FEATURE_STORE_MODULE_OPTIONS,
} = new ConfigurableModuleBuilder<OnlineFeatureStoreModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: false }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
