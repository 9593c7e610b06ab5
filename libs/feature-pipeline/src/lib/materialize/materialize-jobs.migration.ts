import { MigrationInterface, QueryRunner, Table } from 'typeorm';

const text = (name: string, length: number, nullable = false) => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
const number = (name: string, nullable = false) => ({ name, type: 'double precision', isNullable: nullable });

/** The materialize jobs' checkpoints (TypeORM's Table API: PostgreSQL and SQLite alike). */
export class MaterializeJobs1767225600200 implements MigrationInterface {
  name = 'MaterializeJobs1767225600200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'materialize_jobs',
        columns: [
          { ...text('id', 36), isPrimary: true },
          text('status', 16),
          { name: 'generation', type: 'integer' },
          { name: 'previous_generation', type: 'integer' },
          number('since_ms', true),
          number('until_ms', true),
          number('horizon_ms', true),
          number('settled_until_ms'),
          number('cursor_processed_at', true),
          text('cursor_bucket', 255, true),
          text('cursor_key', 1024, true),
          text('cursor_etag', 128, true),
          number('objects'),
          number('events'),
          number('keys_written'),
          number('total_events'),
          number('started_at'),
          number('updated_at'),
          number('finished_at', true),
          text('error', 1000, true),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('materialize_jobs', true);
  }
}
