import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** What became of an object (processed or dead-lettered), the delivery that settled it, and why it failed. */
export class ObjectStatus1767225600110 implements MigrationInterface {
  name = 'ObjectStatus1767225600110';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('processed_objects', [
      new TableColumn({ name: 'status', type: 'varchar', length: '16', default: "'processed'" }),
      new TableColumn({ name: 'delivery_id', type: 'varchar', length: '512', isNullable: true }),
      new TableColumn({ name: 'failure_code', type: 'varchar', length: '64', isNullable: true }),
      new TableColumn({ name: 'failure_reason', type: 'varchar', length: '1000', isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const column of ['failure_reason', 'failure_code', 'delivery_id', 'status']) await queryRunner.dropColumn('processed_objects', column);
  }
}
