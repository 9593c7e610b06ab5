import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DatabaseConfig } from '@platform/app-runtime';
import { DataSource, DataSourceOptions, EntitySchema, MigrationInterface } from 'typeorm';
import { registryEntities } from '../entities/registry-entities';
import { registryMigrations } from '../migrations/registry-migrations';
import { MIGRATIONS_TABLE, SQLITE_BUSY_TIMEOUT_MS } from './database.constants';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own entity type
type EntityTarget = Function | EntitySchema;
type MigrationClass = new () => MigrationInterface;

/** What another lib adds to the shared database (its tables and the migrations that make them). */
export interface DataSourceExtras {
  entities?: EntityTarget[];
  migrations?: MigrationClass[];
}

/**
 * Builds (does not open) the platform's DataSource: registry entities and migrations plus the
 * extras of other libs that share the database, never `synchronize` (migrations own the schema).
 */
export function createPlatformDataSource(config: DatabaseConfig, extras: DataSourceExtras = {}): DataSource {
  const common = {
    entities: [...registryEntities, ...(extras.entities ?? [])],
    migrations: [...registryMigrations, ...(extras.migrations ?? [])],
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

/** Opens the DataSource and applies pending migrations (one process at a time on PostgreSQL). */
export async function openPlatformDataSource(config: DatabaseConfig, extras: DataSourceExtras = {}): Promise<DataSource> {
  const dataSource = createPlatformDataSource(config, extras);
  await dataSource.initialize();
  try {
    await runMigrationsExclusively(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

/** Arbitrary but fixed key: every app starting at once against one PostgreSQL waits its turn. */
const MIGRATION_LOCK_KEY = 4_242_017;

async function runMigrationsExclusively(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'postgres') {
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  const session = dataSource.createQueryRunner();
  try {
    await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await session.release();
  }
}
