import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule, PlatformConfig, PlatformConfigModule } from '@platform/app-runtime';
import { FeaturePipelineModule } from '@platform/feature-pipeline';
import { PlatformMetricsModule } from '@platform/metrics';

@Module({})
export class StreamProcessorModule {
  static register(config: PlatformConfig): DynamicModule {
    return {
      module: StreamProcessorModule,
      imports: [
        PlatformConfigModule.forRoot(config),
        HealthModule,
        PlatformMetricsModule.forRoot({ app: config.app, ...config.build }),
        FeaturePipelineModule.forRoot(config),
      ],
    };
  }
}
