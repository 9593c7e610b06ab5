import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/** An object's events by line: what a materialize reads, object by object (DESIGN.md section 6). */
export class CleanEventsSource1767225600120 implements MigrationInterface {
  name = 'CleanEventsSource1767225600120';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('clean_events', new TableIndex({ name: 'clean_events_source', columnNames: ['source_key', 'source_line'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('clean_events', 'clean_events_source');
  }
}
