import { createScratchDatabase, ScratchDatabase } from '@platform/testing';
import { DataSource } from 'typeorm';
import { DatabaseError, DatabaseErrorCode } from './errors/database.error';
import { openPlatformDataSource } from './platform-data-source';
import { writeTransaction } from './write-transaction';

/** Two parties meet: each waits until both arrived. */
function meeting(): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    if (++arrived === 2) open();
    return opened;
  };
}

describe('writeTransaction on PostgreSQL', () => {
  let database: ScratchDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createScratchDatabase('database');
    dataSource = await openPlatformDataSource({ kind: 'postgres', url: database.url }, []);
    await dataSource.query('CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL)');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('runs a transaction that lost a deadlock again, so both writers succeed', async () => {
    await dataSource.query('INSERT INTO counters VALUES (1, 0), (2, 0)');
    const meet = meeting();
    let runs = 0;
    const bump = (first: number, second: number) =>
      writeTransaction(dataSource, async (manager) => {
        const run = ++runs;
        await manager.query('UPDATE counters SET n = n + 1 WHERE id = $1', [first]);
        if (run <= 2) await meet(); // both hold their first row: each now waits for the other's
        await manager.query('UPDATE counters SET n = n + 1 WHERE id = $1', [second]);
      });

    await Promise.all([bump(1, 2), bump(2, 1)]);

    expect(runs).toBe(3); // PostgreSQL aborted one of them (40P01); it ran again
    expect(await dataSource.query('SELECT id, n FROM counters ORDER BY id')).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
  });

  it('reports a connection the server dropped as a retriable DATABASE_UNAVAILABLE error', async () => {
    const failure = await writeTransaction(dataSource, (manager) => manager.query('SELECT pg_terminate_backend(pg_backend_pid())')).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(DatabaseError);
    expect(failure).toMatchObject({ code: DatabaseErrorCode.Unavailable, retriable: true });
    // The pool replaced the dropped connection.
    expect(await dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });
});
