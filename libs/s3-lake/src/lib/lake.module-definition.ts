import { ConfigurableModuleBuilder } from '@nestjs/common';
import { LakeConfig } from '@platform/app-runtime';
import { CreateLakeOptions } from './create-lake.factory';

export interface LakeModuleOptions extends CreateLakeOptions {
  config: LakeConfig;
  /** Create the missing buckets before the app starts (default true). */
  ensureBuckets?: boolean;
}

export const {
  ConfigurableModuleClass: LakeConfigurableModule,
  MODULE_OPTIONS_TOKEN: LAKE_MODULE_OPTIONS,
  
  
} = new ConfigurableModuleBuilder<LakeModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: false }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
