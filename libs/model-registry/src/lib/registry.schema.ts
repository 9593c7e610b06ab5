import type { DatabaseSchema } from '@platform/database';
import { registryEntities } from './entities/registry-entities';
import { RegistrySchema1767225600000 } from './migrations/1767225600000-registry-schema.migration';

/** The registry's share of the platform database (for `DatabaseModule.forRoot`). */
export const REGISTRY_SCHEMA: DatabaseSchema = {
  name: 'model-registry',
  entities: registryEntities,
  migrations: [RegistrySchema1767225600000],
};
