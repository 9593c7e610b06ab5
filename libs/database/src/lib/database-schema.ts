import { EntitySchema, MigrationInterface } from 'typeorm';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own entity type
type EntityClass = Function | EntitySchema;
type MigrationClass = new () => MigrationInterface;

/**
 * A lib's share of the platform database: the tables it owns and the migrations that make them.
 * Each lib that stores something exports one; an app's feature module hands the ones it uses to
 * `DatabaseModule.forRoot`.
 */
export interface DatabaseSchema {
  /** The owning lib, e.g. `model-registry`. */
  name: string;
  entities: readonly EntityClass[];
  migrations: readonly MigrationClass[];
}
