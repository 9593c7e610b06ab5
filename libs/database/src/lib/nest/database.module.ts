import { DynamicModule, Logger, Module } from '@nestjs/common';
import type { DatabaseConfig } from '@platform/app-runtime';
import { DataSource } from 'typeorm';
import { PLATFORM_DATA_SOURCE } from '../database.constants';
import { DatabaseSchema } from '../database-schema';
import { openPlatformDataSource } from '../platform-data-source';
import { DataSourceLifecycle } from './data-source.lifecycle';

/**
 * The app's one database connection, `PLATFORM_DATA_SOURCE`, with the given schemas' migrations
 * applied before the app starts; global, so every lib's providers inject the same DataSource.
 * Imported once per app, by its feature module.
 */
@Module({})
export class DatabaseModule {
  static forRoot(config: DatabaseConfig, schemas: readonly DatabaseSchema[]): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [
        {
          provide: PLATFORM_DATA_SOURCE,
          useFactory: async (): Promise<DataSource> => {
            const started = Date.now();
            const dataSource = await openPlatformDataSource(config, schemas);
            const names = schemas.map((schema) => schema.name).join(', ');
            new Logger(DatabaseModule.name).log(`${config.kind} database ready (${names}) in ${Date.now() - started} ms`);
            return dataSource;
          },
        },
        DataSourceLifecycle,
      ],
      exports: [PLATFORM_DATA_SOURCE],
    };
  }
}
