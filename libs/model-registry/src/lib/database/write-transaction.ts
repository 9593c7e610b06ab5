import { setTimeout as delay } from 'node:timers/promises';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, QueryFailedError } from 'typeorm';
import { DatabaseBusyError } from '../registry/registry.errors';
import { MIGRATIONS_TABLE, SQLITE_BUSY_TIMEOUT_MS } from './database.constants';

const SQLITE_CLAIM_DEADLINE_MS = 30_000;
const POSTGRES_RETRIABLE = new Set(['40001', '40P01']); // serialization failure, deadlock
const POSTGRES_ATTEMPTS = 5;

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
 */
export function writeTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return isPostgres(dataSource) ? postgresTransaction(dataSource, work) : sqliteTransaction(dataSource, work);
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

async function postgresTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await dataSource.transaction(work);
    } catch (error) {
      if (attempt >= POSTGRES_ATTEMPTS || !POSTGRES_RETRIABLE.has(driverCode(error) ?? '')) throw error;
      await delay(backoffMs(attempt));
    }
  }
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

class ClaimBusy extends Error {}

async function claimAndRun<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const deadline = Date.now() + SQLITE_CLAIM_DEADLINE_MS;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await dataSource.transaction(async (manager) => {
        await claimWriteLock(manager);
        return work(manager);
      });
    } catch (error) {
      if (!(error instanceof ClaimBusy)) throw error;
      if (Date.now() > deadline) throw new DatabaseBusyError(SQLITE_CLAIM_DEADLINE_MS);
      await delay(backoffMs(attempt));
    }
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

function driverCode(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const code = (error.driverError as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function backoffMs(attempt: number): number {
  return Math.min(50, 2 ** Math.min(attempt, 6)) * (0.5 + Math.random());
}
