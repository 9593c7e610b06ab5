import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule, PlatformConfig, PlatformConfigModule } from '@platform/app-runtime';
import { PlatformMetricsModule } from '@platform/metrics';
import { TrainingModule } from '@platform/training';
import { join } from 'node:path';

@Module({})
export class TrainerModule {
  static register(config: PlatformConfig): DynamicModule {
    return {
      module: TrainerModule,
      imports: [
        PlatformConfigModule.forRoot(config),
        HealthModule,
        PlatformMetricsModule.forRoot({ app: config.app, ...config.build }),
        // Bundled, the trial worker is the webpack entry next to main.js; from source the library finds its own.
        TrainingModule.forRoot(config, __filename.endsWith('.js') ? { trialWorkerFilename: join(__dirname, 'trial-worker.entry.js') } : {}),
      ],
    };
  }
}
