import { Test } from '@nestjs/testing';
import { HealthModule, ReadinessRegistry } from '@platform/app-runtime';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Column, DataSource, Entity, MigrationInterface, PrimaryColumn, QueryRunner, Table } from 'typeorm';
import { PLATFORM_DATA_SOURCE } from '../database.constants';
import { DatabaseSchema } from '../database-schema';
import { writeTransaction } from '../write-transaction';
import { DatabaseModule } from './database.module';

/** Stands for one lib's table in the platform database (e.g. the offline event store's). */
@Entity('test_events')
class TestEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'text' })
  payload!: string;
}

class TestEvents1767300000000 implements MigrationInterface {
  name = 'TestEvents1767300000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'test_events',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'payload', type: 'text' },
        ],
      }),
    );
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('test_events');
  }
}

/** Another lib's schema: a table made by a migration with an earlier timestamp. */
class TestCursors1767200000000 implements MigrationInterface {
  name = 'TestCursors1767200000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({ name: 'test_cursors', columns: [{ name: 'name', type: 'varchar', length: '64', isPrimary: true }] }));
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('test_cursors');
  }
}

const EVENTS: DatabaseSchema = { name: 'test-events', entities: [TestEventEntity], migrations: [TestEvents1767300000000] };
const CURSORS: DatabaseSchema = { name: 'test-cursors', entities: [], migrations: [TestCursors1767200000000] };

describe('DatabaseModule', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'database-'));
    file = join(dir, 'nested', 'platform.db'); // creating the parent folder is part of opening
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens the database with its schemas migrated, reports readiness and closes it on shutdown', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [HealthModule, DatabaseModule.forRoot({ kind: 'sqlite', file }, [EVENTS])],
    }).compile();
    await moduleRef.init();
    const dataSource = moduleRef.get<DataSource>(PLATFORM_DATA_SOURCE);
    const readiness = moduleRef.get(ReadinessRegistry);
    expect(existsSync(file)).toBe(true);

    await writeTransaction(dataSource, (manager) => manager.insert(TestEventEntity, { id: 'e1', payload: '{}' }));
    expect(await dataSource.manager.findOneBy(TestEventEntity, { id: 'e1' })).toEqual({ id: 'e1', payload: '{}' });
    expect(await readiness.report()).toEqual({ ready: true, checks: { database: { ok: true } } });

    await moduleRef.close();
    expect(dataSource.isInitialized).toBe(false);
    expect(await readiness.report()).toEqual({
      ready: false,
      checks: { database: { ok: false, error: 'the database connection is closed' } },
    });
  });

  it('applies a schema added later (another app) and a schema listed twice once, without a HealthModule', async () => {
    const first = await Test.createTestingModule({ imports: [DatabaseModule.forRoot({ kind: 'sqlite', file }, [EVENTS])] }).compile();
    await first.init();
    await first.close();

    const second = await Test.createTestingModule({
      imports: [DatabaseModule.forRoot({ kind: 'sqlite', file }, [EVENTS, CURSORS, EVENTS])],
    }).compile();
    await second.init();
    const dataSource = second.get<DataSource>(PLATFORM_DATA_SOURCE);
    const applied = await dataSource.query('SELECT name FROM platform_migrations ORDER BY id');
    expect(applied.map((row: { name: string }) => row.name)).toEqual(['TestEvents1767300000000', 'TestCursors1767200000000']);
    await second.close();
  });
});
