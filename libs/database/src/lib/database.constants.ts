/** The app's one TypeORM `DataSource` (the tables of every schema handed to `DatabaseModule.forRoot`). */
export const PLATFORM_DATA_SOURCE = Symbol('PLATFORM_DATA_SOURCE');

/** TypeORM's bookkeeping table for applied migrations, shared by every lib's migrations. */
export const MIGRATIONS_TABLE = 'platform_migrations';

/** How long a SQLite statement outside `writeTransaction` waits for another writer. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;
