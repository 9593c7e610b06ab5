import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule, PlatformConfig, PlatformConfigModule } from '@platform/app-runtime';
import { PlatformMetricsModule } from '@platform/metrics';

/** What every app's root module holds besides its feature (as apps/<app>/src/<app>.module.ts do). */
@Module({})
export class AppShellModule {
  static register(config: PlatformConfig, feature: DynamicModule): DynamicModule {
    return {
      module: AppShellModule,
      imports: [
        PlatformConfigModule.forRoot(config),
        HealthModule,
        PlatformMetricsModule.forRoot({ app: config.app, ...config.build }),
        feature,
      ],
    };
  }
}
