import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule, PlatformConfig, PlatformConfigModule } from '@platform/app-runtime';
import { PlatformMetricsModule } from '@platform/metrics';

@Module({})
export class TrainerModule {
  static register(config: PlatformConfig): DynamicModule {
    return {
      module: TrainerModule,
      imports: [PlatformConfigModule.forRoot(config), HealthModule, PlatformMetricsModule.forRoot({ app: config.app, ...config.build })],
    };
  }
}
