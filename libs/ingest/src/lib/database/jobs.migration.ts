import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** `ingest_jobs` (the gateway's bulk loads, replays and reconciliations), for PostgreSQL and SQLite alike. */
export class IngestJobs1767225600400 implements MigrationInterface {
  name = 'IngestJobs1767225600400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'ingest_jobs',
        columns: [
          { name: 'id', type: 'varchar', length: '26', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '32' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'params', type: 'text' },
          { name: 'progress', type: 'text', isNullable: true },
          { name: 'result', type: 'text', isNullable: true },
          { name: 'error', type: 'text', isNullable: true },
          { name: 'started_at', type: 'varchar', length: '32' },
          { name: 'finished_at', type: 'varchar', length: '32', isNullable: true },
          { name: 'owner', type: 'varchar', length: '32' },
          { name: 'heartbeat_at', type: 'double precision' },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('ingest_jobs', true);
  }
}
