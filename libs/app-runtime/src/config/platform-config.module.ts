import { DynamicModule, Global, Module } from '@nestjs/common';
import { PlatformConfig } from './platform-config';
import { PLATFORM_CONFIG } from './platform-config.constants';

/** Makes the validated configuration injectable everywhere as `@Inject(PLATFORM_CONFIG)`. */
@Global()
@Module({})
export class PlatformConfigModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: PlatformConfigModule,
      providers: [{ provide: PLATFORM_CONFIG, useValue: config }],
      exports: [PLATFORM_CONFIG],
    };
  }
}
