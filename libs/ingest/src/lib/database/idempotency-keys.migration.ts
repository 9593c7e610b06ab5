import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** `ingest_idempotency_keys` (POST /events' Idempotency-Key), with TypeORM's Table API for PostgreSQL and SQLite alike. */
export class IngestIdempotencyKeys1767225600300 implements MigrationInterface {
  name = 'IngestIdempotencyKeys1767225600300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'ingest_idempotency_keys',
        columns: [
          { name: 'key', type: 'varchar', length: '255', isPrimary: true },
          { name: 'request_hash', type: 'varchar', length: '64' },
          { name: 'claim', type: 'varchar', length: '32' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'response_status', type: 'integer', isNullable: true },
          { name: 'response_body', type: 'text', isNullable: true },
          { name: 'created_at', type: 'double precision' },
          { name: 'expires_at', type: 'double precision' },
        ],
      }),
      true,
    );
    await queryRunner.createIndex('ingest_idempotency_keys', new TableIndex({ name: 'ingest_idempotency_keys_expires_at', columnNames: ['expires_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('ingest_idempotency_keys', true);
  }
}
