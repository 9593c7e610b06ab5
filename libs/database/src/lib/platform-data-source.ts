import type { DatabaseConfig } from '@platform/app-runtime';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS_TABLE, SQLITE_BUSY_TIMEOUT_MS } from './database.constants';
import { DatabaseSchema } from './database-schema';
import { runMigrations } from './run-migrations';

/**
 * Builds (does not open) the platform's DataSource, PostgreSQL or SQLite, over the given schemas'
 * entities and migrations; never `synchronize` (migrations own the schema).
 */
function createPlatformDataSource(config: DatabaseConfig, schemas: readonly DatabaseSchema[]): DataSource {
  const unique = [...new Map(schemas.map((schema) => [schema.name, schema])).values()];
  const common = {
    entities: unique.flatMap((schema) => schema.entities),
    migrations: unique.flatMap((schema) => schema.migrations),
    migrationsTableName: MIGRATIONS_TABLE,
    synchronize: false,
    migrationsRun: false,
    // Failures reach the caller as thrown errors; expected ones (a busy SQLite claim) are not noise in logs.
    logging: false,
  };
  if (config.kind === 'postgres') {
    return new DataSource({ ...common, type: 'postgres', url: config.url, applicationName: 'platform' } as DataSourceOptions);
  }
  const file = resolve(config.file);
  mkdirSync(dirname(file), { recursive: true });
  return new DataSource({
    ...common,
    type: 'better-sqlite3',
    database: file,
    // WAL: readers never wait for the writer, so only writes need serialising.
    enableWAL: true,
    timeout: SQLITE_BUSY_TIMEOUT_MS,
  } as DataSourceOptions);
}

/** Opens the DataSource and applies the schemas' pending migrations. */
export async function openPlatformDataSource(config: DatabaseConfig, schemas: readonly DatabaseSchema[]): Promise<DataSource> {
  const dataSource = createPlatformDataSource(config, schemas);
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
