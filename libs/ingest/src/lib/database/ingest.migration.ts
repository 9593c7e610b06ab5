import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** The gateway's tables (prefixed `ingest_`), with TypeORM's Table API so one migration serves PostgreSQL and SQLite. */
export class IngestSchema1767225600200 implements MigrationInterface {
  name = 'IngestSchema1767225600200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'ingest_replay_cursors',
        columns: [
          { name: 'name', type: 'varchar', length: '255', isPrimary: true },
          { name: 'prefix', type: 'varchar', length: '1024' },
          { name: 'last_key', type: 'varchar', length: '1024', isNullable: true },
          { name: 'objects_copied', type: 'integer' },
          { name: 'finished_at', type: 'double precision', isNullable: true },
          { name: 'updated_at', type: 'double precision' },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('ingest_replay_cursors', true);
  }
}
