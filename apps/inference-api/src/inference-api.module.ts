import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule, PlatformConfig, PlatformConfigModule } from '@platform/app-runtime';
import { PlatformMetricsModule } from '@platform/metrics';
import { ServingModule } from '@platform/serving';

@Module({})
export class InferenceApiModule {
  static register(config: PlatformConfig): DynamicModule {
    return {
      module: InferenceApiModule,
      imports: [
        PlatformConfigModule.forRoot(config),
        HealthModule,
        PlatformMetricsModule.forRoot({ app: config.app, ...config.build }),
        ServingModule.forRoot(config),
      ],
    };
  }
}
