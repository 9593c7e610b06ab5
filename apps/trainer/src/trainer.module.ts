import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule, PlatformConfig, PlatformConfigModule } from '@platform/app-runtime';

@Module({})
export class TrainerModule {
  static register(config: PlatformConfig): DynamicModule {
    return {
      module: TrainerModule,
      imports: [PlatformConfigModule.forRoot(config), HealthModule],
    };
  }
}
