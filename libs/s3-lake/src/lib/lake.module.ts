import { Module } from '@nestjs/common';
import { createLake } from './create-lake.factory';
import { LAKE } from './lake.constants';
import { LakeLifecycle } from './lake-lifecycle.service';
import { LAKE_MODULE_OPTIONS, LakeConfigurableModule, LakeModuleOptions } from './lake.module-definition';
import { Lake } from './lake.port';

/**
 * Provides the `Lake` under `LAKE`, buckets created before the app starts:
 * `LakeModule.forRootAsync({ inject: [PLATFORM_CONFIG], useFactory: (c: PlatformConfig) => ({ config: c.lake }) })`.
 */
@Module({
  providers: [
    {
      provide: LAKE,
      inject: [LAKE_MODULE_OPTIONS],
      useFactory: async ({ config, ensureBuckets = true, ...options }: LakeModuleOptions): Promise<Lake> => {
        const lake = createLake(config, options);
        if (ensureBuckets) await lake.ensureBuckets();
        return lake;
      },
    },
    LakeLifecycle,
  ],
  exports: [LAKE],
})
export class LakeModule extends LakeConfigurableModule {}
