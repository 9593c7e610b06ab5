import { openPlatformDataSource } from '@platform/database';
import { CleanEvent } from '@platform/events';
import { REGISTRY_SCHEMA, RegistryService } from '@platform/model-registry';
import { createLake } from '@platform/s3-lake';
import { ServicesNamespace } from '@platform/testing';
import { publishTestChampion, TestChampion, TestChampionOptions } from './test-champion';

/**
 * `publishTestChampion` into a namespace of the real servers (its database, its `storage` bucket),
 * for apps started as processes in that namespace: their registry and lake see the champion.
 */
export async function publishNamespaceChampion(
  namespace: ServicesNamespace,
  events: readonly CleanEvent[],
  options: Omit<TestChampionOptions, 'registry' | 'lake' | 'events'>,
): Promise<TestChampion> {
  const { services } = namespace;
  const dataSource = await openPlatformDataSource({ kind: 'postgres', url: namespace.databaseUrl }, [REGISTRY_SCHEMA]);
  const lake = createLake(
    { kind: 's3', endpoint: services.S3_ENDPOINT, region: services.S3_REGION, accessKeyId: services.S3_ACCESS_KEY, secretAccessKey: services.S3_SECRET_KEY },
    { bucketPrefix: namespace.bucketPrefix },
  );
  try {
    await lake.ensureBuckets();
    return await publishTestChampion({ ...options, registry: new RegistryService(dataSource), lake, events });
  } finally {
    await lake.close();
    await dataSource.destroy();
  }
}
