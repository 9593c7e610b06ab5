import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule, PlatformConfig, PlatformConfigModule } from '@platform/app-runtime';
import { IngestModule } from '@platform/ingest';
import { PlatformMetricsModule } from '@platform/metrics';

@Module({})
export class IngestGatewayModule {
  static register(config: PlatformConfig): DynamicModule {
    return {
      module: IngestGatewayModule,
      imports: [
        PlatformConfigModule.forRoot(config),
        HealthModule,
        PlatformMetricsModule.forRoot({ app: config.app, ...config.build }),
        IngestModule.forRoot(config),
      ],
    };
  }
}
