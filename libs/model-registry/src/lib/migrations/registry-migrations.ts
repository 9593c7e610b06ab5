import { RegistrySchema1767225600000 } from './1767225600000-registry-schema.migration';

/** In order of application; TypeORM also sorts every lib's migrations by their timestamp. */
export const registryMigrations = [RegistrySchema1767225600000];
