import { DynamicModule, Logger, Module } from '@nestjs/common';
import type { DatabaseConfig } from '@platform/app-runtime';
import { DataSource } from 'typeorm';
import { PLATFORM_DATA_SOURCE } from '../database/database.constants';
import { DataSourceExtras, openPlatformDataSource } from '../database/platform-data-source';
import { RegistryService } from '../registry/registry.service';
import { DataSourceLifecycle } from './data-source.lifecycle';

/**
 * The app's one database connection (`PLATFORM_DATA_SOURCE`, migrations applied before the app
 * starts) and the `RegistryService` over it; global, so other libs' modules inject the same
 * DataSource for the tables they add through `extras`.
 */
@Module({})
export class ModelRegistryModule {
  static forRoot(database: DatabaseConfig, extras: DataSourceExtras = {}): DynamicModule {
    return {
      module: ModelRegistryModule,
      global: true,
      providers: [
        {
          provide: PLATFORM_DATA_SOURCE,
          useFactory: async (): Promise<DataSource> => {
            const started = Date.now();
            const dataSource = await openPlatformDataSource(database, extras);
            new Logger(ModelRegistryModule.name).log(`${database.kind} database ready in ${Date.now() - started} ms`);
            return dataSource;
          },
        },
        {
          provide: RegistryService,
          useFactory: (dataSource: DataSource) => new RegistryService(dataSource),
          inject: [PLATFORM_DATA_SOURCE],
        },
        DataSourceLifecycle,
      ],
      exports: [PLATFORM_DATA_SOURCE, RegistryService],
    };
  }
}
