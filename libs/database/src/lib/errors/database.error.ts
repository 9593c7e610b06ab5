import { PlatformError } from '@platform/common';

export enum DatabaseErrorCode {
  /** SQLite: another writer held the database longer than a transaction waits. */
  Busy = 'DATABASE_BUSY',
  /** The server did not answer or dropped the connection. */
  Unavailable = 'DATABASE_UNAVAILABLE',
  /** PostgreSQL: concurrent transactions kept conflicting (deadlock, serialization failure). */
  Conflict = 'DATABASE_CONFLICT',
}

/** A failure of the platform database itself (not of the data): all of them may pass. */
export class DatabaseError extends PlatformError<DatabaseErrorCode> {
  constructor(message: string, code: DatabaseErrorCode, options?: { cause?: unknown }) {
    super(message, code, true, options);
  }
}

export class DatabaseBusyError extends DatabaseError {
  constructor(readonly waitedMs: number) {
    super(`the database stayed locked by another writer for ${waitedMs} ms`, DatabaseErrorCode.Busy);
  }
}
