import { retryWithBackoff } from '@platform/common';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { MIGRATIONS_TABLE, SQLITE_BUSY_TIMEOUT_MS } from './database.constants';
import { DatabaseBusyError } from './errors/database.error';
import { driverCode, POSTGRES_CONFLICT_STATES, toDatabaseError } from './errors/to-database-error';

const SQLITE_CLAIM_BUDGET_MS = 30_000;
const POSTGRES_ATTEMPTS = 5;
/** Between a transaction's attempts: 2 ms doubling up to 50 ms, ±50 % (the other writer's transaction is short). */
const TRANSACTION_BACKOFF = { initialDelayMs: 2, maxDelayMs: 50, factor: 2, jitter: 0.5 };

/** One queue per SQLite DataSource: better-sqlite3 has one connection, so overlapping transactions would nest. */
const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

/**
 * Runs `work` in one transaction that may write. Every write to the shared database goes through
 * here, so that concurrent writers behave the same on both drivers:
 * - PostgreSQL: a READ COMMITTED transaction; rows that must not move underneath are locked with
 *   `lockForUpdate`; a deadlock or serialization failure reruns the whole transaction.
 * - SQLite: transactions of this process are queued (one connection), and the transaction claims
 *   the database's write lock before its first read (the effect of `BEGIN IMMEDIATE`), so its reads
 *   cannot go stale. The claim is retried with an asynchronous back-off: better-sqlite3's own busy
 *   wait blocks the event loop, which would starve the holder when both writers share a process.
 * Failures of the database itself come out as coded `DatabaseError`s.
 */
export function writeTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const run = isPostgres(dataSource) ? postgresTransaction(dataSource, work) : sqliteTransaction(dataSource, work);
  return run.catch((error: unknown) => {
    throw toDatabaseError(error);
  });
}

/**
 * Reads one row by id, holding it until the transaction ends (`SELECT ... FOR UPDATE` on
 * PostgreSQL; on SQLite the whole database is already held by `writeTransaction`).
 */
export async function lockForUpdate<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  id: string,
): Promise<E | null> {
  const query = manager.createQueryBuilder(entity, 'locked').where('locked.id = :id', { id });
  if (manager.connection.options.type === 'postgres') query.setLock('pessimistic_write');
  return query.getOne();
}

export function isPostgres(dataSource: DataSource): boolean {
  return dataSource.options.type === 'postgres';
}

function postgresTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return retryWithBackoff(() => dataSource.transaction(work), {
    ...TRANSACTION_BACKOFF,
    maxAttempts: POSTGRES_ATTEMPTS,
    retryIf: (error) => POSTGRES_CONFLICT_STATES.has(driverCode(error) ?? ''),
  });
}

function sqliteTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const previous = sqliteQueues.get(dataSource) ?? Promise.resolve();
  const run = previous.then(() => claimAndRun(dataSource, work));
  sqliteQueues.set(
    dataSource,
    run.catch(() => undefined),
  );
  return run;
}

/** Thrown inside the transaction when another process holds the write lock (never leaves this file). */
class ClaimBusy extends Error {}

async function claimAndRun<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await retryWithBackoff(
      () =>
        dataSource.transaction(async (manager) => {
          await claimWriteLock(manager);
          return work(manager);
        }),
      { ...TRANSACTION_BACKOFF, maxElapsedMs: SQLITE_CLAIM_BUDGET_MS, retryIf: (error) => error instanceof ClaimBusy },
    );
  } catch (error) {
    throw error instanceof ClaimBusy ? new DatabaseBusyError(SQLITE_CLAIM_BUDGET_MS) : error;
  }
}

/** A write that changes nothing still takes SQLite's RESERVED lock; fails fast if another writer holds it. */
async function claimWriteLock(manager: EntityManager): Promise<void> {
  await manager.query('PRAGMA busy_timeout = 0');
  try {
    await manager.query(`UPDATE "${MIGRATIONS_TABLE}" SET "id" = "id" WHERE 1 = 0`);
  } catch (error) {
    if (driverCode(error)?.startsWith('SQLITE_BUSY')) throw new ClaimBusy();
    throw error;
  } finally {
    await manager.query(`PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  }
}
