import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

const text = (name: string, length: number, nullable = false) => ({ name, type: 'varchar', length: String(length), isNullable: nullable });

/** The offline store's tables, written with TypeORM's Table API so one migration serves PostgreSQL and SQLite. */
export class OfflineStore1767225600100 implements MigrationInterface {
  name = 'OfflineStore1767225600100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'clean_events',
        columns: [
          { ...text('event_id', 64), isPrimary: true },
          { name: 'event_time_ms', type: 'double precision' },
          text('event_date', 10),
          text('event_type', 16),
          text('product_id', 32),
          text('category_id', 32),
          text('category_code', 255, true),
          text('category_l1', 128, true),
          text('category_l2', 128, true),
          text('brand', 255, true),
          { name: 'price', type: 'double precision' },
          text('user_id', 32),
          text('user_session', 64),
          { name: 'weekday', type: 'integer' },
          { name: 'hour', type: 'integer' },
          text('source_bucket', 255),
          text('source_key', 1024),
          { name: 'source_line', type: 'integer' },
        ],
      }),
      true,
    );
    await queryRunner.createIndex('clean_events', new TableIndex({ name: 'clean_events_time', columnNames: ['event_time_ms', 'event_id'] }));
    await queryRunner.createTable(
      new Table({
        name: 'processed_objects',
        columns: [
          { ...text('bucket', 255), isPrimary: true },
          { ...text('object_key', 1024), isPrimary: true },
          { ...text('e_tag', 128), isPrimary: true },
          { name: 'events', type: 'integer' },
          { name: 'rejected', type: 'integer' },
          { name: 'processed_at', type: 'double precision' },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('processed_objects', true);
    await queryRunner.dropTable('clean_events', true);
  }
}
