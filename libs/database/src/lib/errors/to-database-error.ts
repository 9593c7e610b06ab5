import { isConnectionFailure, PlatformError } from '@platform/common';
import { QueryFailedError } from 'typeorm';
import { DatabaseError, DatabaseErrorCode } from './database.error';

/** PostgreSQL SQLSTATEs after which the same transaction, run again, may pass. */
export const POSTGRES_CONFLICT_STATES: ReadonlySet<string> = new Set(['40001', '40P01']); // serialization failure, deadlock

/** The driver's own error code (a SQLSTATE, `SQLITE_BUSY`...), when the query reached the database. */
export function driverCode(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const code = (error.driverError as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Gives database failures a code: a dropped or refused connection, a conflict that outlived its
 * retries. Anything else (a constraint, an error thrown by the transaction's own work) is returned
 * unchanged.
 */
export function toDatabaseError(error: unknown): unknown {
  if (error instanceof PlatformError) return error;
  if (POSTGRES_CONFLICT_STATES.has(driverCode(error) ?? '')) {
    return new DatabaseError(`concurrent transactions kept conflicting: ${(error as Error).message}`, DatabaseErrorCode.Conflict, { cause: error });
  }
  if (isConnectionFailure(error)) {
    return new DatabaseError(`the database is unavailable: ${(error as Error).message}`, DatabaseErrorCode.Unavailable, { cause: error });
  }
  return error;
}
