import { Test } from '@nestjs/testing';
import { HealthModule, ReadinessRegistry } from '@platform/app-runtime';
import { existsSync } from 'node:fs';
import { Column, DataSource, Entity, MigrationInterface, PrimaryColumn, QueryRunner, Table } from 'typeorm';
import { temporarySqliteDatabase, RegistryTestDatabase } from '../../testing/registry-test-database';
import { PLATFORM_DATA_SOURCE } from '../database/database.constants';
import { writeTransaction } from '../database/write-transaction';
import { RegistryService } from '../registry/registry.service';
import { ModelRegistryModule } from './model-registry.module';

/** Stands for another lib's table sharing the platform database (e.g. the offline event store). */
@Entity('test_offline_events')
class OfflineEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'text' })
  payload!: string;
}

class OfflineEvents1767300000000 implements MigrationInterface {
  name = 'OfflineEvents1767300000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'test_offline_events',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'payload', type: 'text' },
        ],
      }),
    );
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('test_offline_events');
  }
}

describe('ModelRegistryModule', () => {
  let database: RegistryTestDatabase;

  beforeEach(async () => {
    database = await temporarySqliteDatabase();
  });

  afterEach(() => database.cleanup());

  it('opens the database with migrations applied, reports readiness and closes it on shutdown', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [HealthModule, ModelRegistryModule.forRoot(database.config)],
    }).compile();
    await moduleRef.init();
    const dataSource = moduleRef.get<DataSource>(PLATFORM_DATA_SOURCE);
    const readiness = moduleRef.get(ReadinessRegistry);

    expect(database.config.kind === 'sqlite' && existsSync(database.config.file)).toBe(true);
    const registry = moduleRef.get(RegistryService);
    const run = await registry.createRun({ experiment: 'module-test' });
    expect((await registry.getRun(run.id)).status).toBe('RUNNING');
    expect(await readiness.report()).toEqual({ ready: true, checks: { database: { ok: true } } });

    await moduleRef.close();
    expect(dataSource.isInitialized).toBe(false);
    expect(await readiness.report()).toEqual({
      ready: false,
      checks: { database: { ok: false, error: 'the database connection is closed' } },
    });
  });

  it('works without a HealthModule, and shares the DataSource with other libs’ entities and migrations', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ModelRegistryModule.forRoot(database.config, { entities: [OfflineEventEntity], migrations: [OfflineEvents1767300000000] }),
      ],
    }).compile();
    await moduleRef.init();
    const dataSource = moduleRef.get<DataSource>(PLATFORM_DATA_SOURCE);
    await writeTransaction(dataSource, (manager) => manager.insert(OfflineEventEntity, { id: 'e1', payload: '{}' }));
    expect(await dataSource.manager.findOneBy(OfflineEventEntity, { id: 'e1' })).toEqual({ id: 'e1', payload: '{}' });
    const applied = await dataSource.query('SELECT name FROM platform_migrations ORDER BY id');
    expect(applied.map((row: { name: string }) => row.name)).toEqual(['RegistrySchema1767225600000', 'OfflineEvents1767300000000']);
    await moduleRef.close();
  });
});
