// The clients are loaded when a namespace is dropped, not with this module: specs that only read
// fixtures from @platform/testing (libs/events injects `Buffer` into its sandbox, which breaks
// modules declaring their own) never load them.
import { randomBytes } from 'node:crypto';
import { deleteKeysWithPrefix } from './redis-keys';
import { createScratchDatabase } from './scratch-database';
import { readServicesEnv, ServicesEnv } from './services-env';

/** Everything one test (or benchmark) run touches on the real servers, under names no other run uses. */
export interface ServicesNamespace {
  id: string;
  services: ServicesEnv;
  bucketPrefix: string;
  redisKeyPrefix: string;
  topicPrefix: string;
  databaseUrl: string;
  /** An app's environment on the real servers, inside this namespace. */
  env: Record<string, string>;
  /** Removes the namespace's Redis keys, buckets, topics and database, each step on its own. */
  drop: () => Promise<void>;
}

/** `label` is lowercase letters, digits and dashes: it starts bucket and topic names. */
export async function createServicesNamespace(label: string): Promise<ServicesNamespace> {
  const services = readServicesEnv();
  const id = `${label}-${randomBytes(3).toString('hex')}`;
  const database = await createScratchDatabase(id);
  const namespace = { id, bucketPrefix: `${id}-`, redisKeyPrefix: `${id}:`, topicPrefix: `${id}.` };
  return {
    ...namespace,
    services,
    databaseUrl: database.url,
    env: {
      LAKE_URL: 's3://',
      S3_ENDPOINT: services.S3_ENDPOINT,
      S3_ACCESS_KEY: services.S3_ACCESS_KEY,
      S3_SECRET_KEY: services.S3_SECRET_KEY,
      S3_REGION: services.S3_REGION,
      KAFKA_BROKERS: services.KAFKA_BROKERS,
      REDIS_URL: services.REDIS_URL,
      DATABASE_URL: database.url,
      LAKE_BUCKET_PREFIX: namespace.bucketPrefix,
      REDIS_KEY_PREFIX: namespace.redisKeyPrefix,
      KAFKA_TOPIC_PREFIX: namespace.topicPrefix,
      LOG_LEVEL: 'log', // startServiceProcess waits for the "listening on" line
      // A killed member's partitions move to the others within seconds, not kafkajs's default 30 s.
      KAFKA_SESSION_TIMEOUT_MS: '6000',
    },
    drop: async () => {
      const steps: [string, () => Promise<unknown>][] = [
        ['Redis keys', () => deleteRedisKeys(services, namespace.redisKeyPrefix)],
        ['buckets', () => deleteBuckets(services, namespace.bucketPrefix)],
        ['topics', () => deleteTopics(services, namespace.topicPrefix)],
        ['database', () => database.drop()],
      ];
      const failures: string[] = [];
      for (const [what, step] of steps) await step().catch((error: Error) => failures.push(`${what}: ${error.message}`));
      if (failures.length > 0) throw new Error(`cleaning up namespace ${id} failed: ${failures.join('; ')}`);
    },
  };
}

async function deleteRedisKeys(services: ServicesEnv, prefix: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(services.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await deleteKeysWithPrefix(redis, prefix);
  } finally {
    redis.disconnect();
  }
}

/** Empties and removes every bucket under the prefix. */
async function deleteBuckets(services: ServicesEnv, prefix: string): Promise<void> {
  const { DeleteBucketCommand, DeleteObjectsCommand, ListBucketsCommand, ListObjectsV2Command, S3Client } = await import('@aws-sdk/client-s3');
  const s3 = new S3Client({
    endpoint: services.S3_ENDPOINT,
    region: services.S3_REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: services.S3_ACCESS_KEY, secretAccessKey: services.S3_SECRET_KEY },
  });
  try {
    const { Buckets = [] } = await s3.send(new ListBucketsCommand({}));
    for (const { Name: bucket } of Buckets) {
      if (!bucket?.startsWith(prefix)) continue;
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
        for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
        token = page.NextContinuationToken;
      } while (token);
      // Listed first, deleted after: no deletes under a paging listing.
      for (let start = 0; start < keys.length; start += 1000) {
        const chunk = keys.slice(start, start + 1000).map((Key) => ({ Key }));
        await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: chunk, Quiet: true } }));
      }
      await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    }
  } finally {
    s3.destroy();
  }
}

async function deleteTopics(services: ServicesEnv, prefix: string): Promise<void> {
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({ clientId: 'testing-namespace', brokers: services.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}
