import { DataSource } from 'typeorm';

/** Arbitrary but fixed key: every app starting at once against one PostgreSQL waits its turn. */
const MIGRATION_LOCK_KEY = 4_242_017;

/**
 * Applies the pending migrations of every schema the DataSource was built with, each in its own
 * transaction, one process at a time on PostgreSQL (an advisory lock). TypeORM records them in
 * `MIGRATIONS_TABLE` by name, so schemas added later (another app's) are applied when it starts.
 */
export async function runMigrations(dataSource: DataSource): Promise<void> {
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
