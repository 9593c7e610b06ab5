import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule, PlatformConfig, PlatformConfigModule } from '@platform/app-runtime';

@Module({})
export class StreamProcessorModule {
  static register(config: PlatformConfig): DynamicModule {
    return {
      module: StreamProcessorModule,
      imports: [PlatformConfigModule.forRoot(config), HealthModule],
    };
  }
}
