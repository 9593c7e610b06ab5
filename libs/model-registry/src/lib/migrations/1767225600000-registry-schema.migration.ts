import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

/**
 * The registry's tables, written with TypeORM's schema builder so one migration serves
 * PostgreSQL and SQLite; only the timestamp type differs by driver (`timestamptz` keeps
 * PostgreSQL independent of the server's and the process's time zones).
 */
export class RegistrySchema1767225600000 implements MigrationInterface {
  name = 'RegistrySchema1767225600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const time = queryRunner.connection.options.type === 'postgres' ? 'timestamp with time zone' : 'datetime';
    const id = (name = 'id', isPrimary = name === 'id'): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: '36',
      isPrimary,
    });
    const text = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'text', isNullable });
    const varchar = (name: string, length: number, isNullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable,
    });
    const integer = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable });
    const double = (name: string): TableColumnOptions => ({ name, type: 'double precision' });
    const at = (name: string, isNullable = false): TableColumnOptions => ({ name, type: time, isNullable });

    await queryRunner.createTable(
      new Table({
        name: 'registry_experiments',
        columns: [id(), varchar('name', 255), text('description', true), text('tags'), at('created_at')],
        uniques: [{ name: 'registry_experiments_name', columnNames: ['name'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'registry_runs',
        columns: [
          id(),
          id('experiment_id'),
          varchar('name', 255, true),
          varchar('status', 16),
          text('params'),
          text('tags'),
          varchar('dataset_version', 255, true),
          varchar('code_version', 255, true),
          at('start_time'),
          at('end_time', true),
        ],
        foreignKeys: [
          {
            name: 'registry_runs_experiment',
            columnNames: ['experiment_id'],
            referencedTableName: 'registry_experiments',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [{ name: 'registry_runs_experiment_status', columnNames: ['experiment_id', 'status'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'registry_metric_points',
        columns: [id(), id('run_id'), varchar('key', 255), double('value'), integer('step'), at('logged_at')],
        foreignKeys: [
          {
            name: 'registry_metric_points_run',
            columnNames: ['run_id'],
            referencedTableName: 'registry_runs',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [{ name: 'registry_metric_points_run_key_step', columnNames: ['run_id', 'key', 'step'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'registry_latest_metrics',
        columns: [
          id('run_id', true),
          { ...varchar('key', 255), isPrimary: true },
          double('value'),
          integer('step'),
          at('logged_at'),
        ],
        foreignKeys: [
          {
            name: 'registry_latest_metrics_run',
            columnNames: ['run_id'],
            referencedTableName: 'registry_runs',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [{ name: 'registry_latest_metrics_key_value', columnNames: ['key', 'value'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'registry_models',
        columns: [id(), varchar('name', 255), text('description', true), at('created_at')],
        uniques: [{ name: 'registry_models_name', columnNames: ['name'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'registry_model_versions',
        columns: [
          id(),
          id('model_id'),
          integer('version'),
          { ...id('run_id'), isNullable: true },
          text('artifact_uri'),
          text('metrics'),
          text('feature_schema', true),
          varchar('status', 32),
          text('description', true),
          at('created_at'),
        ],
        uniques: [{ name: 'registry_model_versions_model_version', columnNames: ['model_id', 'version'] }],
        foreignKeys: [
          {
            name: 'registry_model_versions_model',
            columnNames: ['model_id'],
            referencedTableName: 'registry_models',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
          {
            name: 'registry_model_versions_run',
            columnNames: ['run_id'],
            referencedTableName: 'registry_runs',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
          },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'registry_model_aliases',
        columns: [
          id('model_id', true),
          { ...varchar('alias', 64), isPrimary: true },
          integer('version'),
          at('updated_at'),
        ],
        foreignKeys: [
          {
            name: 'registry_model_aliases_version',
            columnNames: ['model_id', 'version'],
            referencedTableName: 'registry_model_versions',
            referencedColumnNames: ['model_id', 'version'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'registry_alias_history',
        columns: [
          id(),
          id('model_id'),
          varchar('alias', 64),
          integer('seq'),
          integer('from_version', true),
          integer('to_version', true),
          varchar('actor', 255),
          text('reason', true),
          at('at'),
        ],
        uniques: [{ name: 'registry_alias_history_model_alias_seq', columnNames: ['model_id', 'alias', 'seq'] }],
        foreignKeys: [
          {
            name: 'registry_alias_history_model',
            columnNames: ['model_id'],
            referencedTableName: 'registry_models',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'registry_alias_history',
      'registry_model_aliases',
      'registry_model_versions',
      'registry_models',
      'registry_latest_metrics',
      'registry_metric_points',
      'registry_runs',
      'registry_experiments',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
