import { DeleteBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { readServicesEnv, ServicesEnv } from '@platform/dev-services';
import { lakeObjectCreatedNotification } from '@platform/kafka-events';
import { createLake, createS3Client, Lake, LAKE_BUCKETS } from '@platform/s3-lake';
import { Redis } from 'ioredis';
import { AssignerProtocol, Kafka, logLevel, Producer } from 'kafkajs';
import { setTimeout as delay } from 'node:timers/promises';
import { Client } from 'pg';
import { createProcessorNamespace, ProcessorNamespace } from '../../../apps/stream-processor/src/testing/processor-namespace';
import { deleteKeysWithPrefix } from '../../../apps/stream-processor/src/testing/redis-dump';
import { BenchObject } from './bench-objects';

/** Everything one benchmark run touches, under a namespace no other run uses. */
export interface BenchRun {
  namespace: ProcessorNamespace;
  services: ServicesEnv;
  lake: Lake;
  redis: Redis;
  /** Connected to the namespace's database once `connectDatabase` ran (the processor creates the tables). */
  pg: Client;
  /** PUT to bronze, then announce on `data_streaming`, as the gateway does; resolves when both are done. */
  writeAndAnnounce: (object: BenchObject) => Promise<void>;
  /** Objects whose key starts with `bronze/…/<phase>-` marked processed, with their processed_at (ms). */
  processed: (phase: string) => Promise<{ count: number; lastAtMs: number | null }>;
  processedTimes: (phase: string) => Promise<Map<string, number>>;
  cleanEvents: () => Promise<number>;
  /**
   * Topics of other namespaces that members of the processor's consumer group subscribe to. The
   * group id (`stream-processor`) is not namespaced, so a test or benchmark running at the same
   * time shares the group: its leader may leave our partitions unassigned while it leads.
   */
  foreignGroupTopics: () => Promise<string[]>;
  close: () => Promise<void>;
}

const CLIENT_ID = 'stream-bench';
/** STREAM_PROCESSOR_GROUP of @platform/feature-pipeline (not imported: that would load the whole pipeline). */
export const PROCESSOR_GROUP = 'stream-processor';

/** Fails with every server that does not answer and the way out, before anything is created. */
export async function assertServicesAnswer(services: ServicesEnv): Promise<void> {
  const down: string[] = [];
  const redis = new Redis(services.REDIS_URL, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: 3000 });
  let redisError: Error | undefined;
  redis.on('error', (error: Error) => (redisError ??= error)); // the socket's own error says more than "Connection is closed"
  await redis
    .connect()
    .then(() => redis.ping())
    .catch((error: Error) => down.push(`Redis at ${services.REDIS_URL} (${(redisError ?? error).message})`))
    .finally(() => redis.disconnect());
  const pg = new Client({ connectionString: services.DATABASE_URL, connectionTimeoutMillis: 3000 });
  await pg
    .connect()
    .then(() => pg.query('SELECT 1'))
    .catch((error: Error) => down.push(`PostgreSQL (${error.message})`))
    .finally(() => pg.end().catch(() => undefined));
  const admin = new Kafka({ clientId: CLIENT_ID, brokers: services.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING, connectionTimeout: 3000, retry: { retries: 0 } }).admin();
  await admin
    .connect()
    .then(() => admin.listTopics())
    .catch((error: Error) => down.push(`Kafka at ${services.KAFKA_BROKERS} (${error.message})`))
    .finally(() => admin.disconnect().catch(() => undefined));
  const s3 = createS3Client(s3Config(services));
  await s3
    .send(new ListBucketsCommand({}))
    .catch((error: Error) => down.push(`S3 at ${services.S3_ENDPOINT} (${error.message})`))
    .finally(() => s3.destroy());
  if (down.length > 0) {
    throw new Error(`The dev servers do not answer: ${down.join('; ')}. Run \`npm run services:up\` (status: \`bash tools/dev-services/services.sh status\`).`);
  }
}

export async function openBenchRun(): Promise<BenchRun> {
  const services = readServicesEnv();
  await assertServicesAnswer(services);
  const namespace = await createProcessorNamespace('bench');
  const lake = createLake(s3Config(services), { bucketPrefix: namespace.bucketPrefix });
  const kafka = new Kafka({ clientId: CLIENT_ID, brokers: services.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const producer: Producer = kafka.producer();
  const redis = new Redis(services.REDIS_URL);
  const pg = new Client({ connectionString: namespace.databaseUrl });
  try {
    await lake.ensureBuckets();
    await producer.connect();
    await pg.connect();
  } catch (error) {
    // Nothing was written yet but the database and the buckets.
    await Promise.allSettled([producer.disconnect(), pg.end(), deleteBuckets(lake, services, namespace.bucketPrefix), dropDatabase(namespace, 1)]);
    redis.disconnect();
    throw error;
  }
  const topic = `${namespace.topicPrefix}data_streaming`;
  const processedWhere = `object_key LIKE 'bronze/events/%/' || $1 || '-%'`;

  return {
    namespace,
    services,
    lake,
    redis,
    pg,
    writeAndAnnounce: async (object) => {
      const written = await lake.put({ bucket: 'bronze', key: object.key, body: object.body, contentType: 'application/x-ndjson' });
      const notification = lakeObjectCreatedNotification({ bucket: 'bronze', key: object.key, ...written });
      await producer.send({ topic, messages: [{ key: object.key, value: JSON.stringify(notification) }] });
    },
    processed: async (phase) => {
      const { rows } = await pg.query<{ n: string; last: number | null }>(
        `SELECT count(*) AS n, max(processed_at) AS last FROM processed_objects WHERE ${processedWhere}`,
        [phase],
      );
      return { count: Number(rows[0].n), lastAtMs: rows[0].last === null ? null : Number(rows[0].last) };
    },
    processedTimes: async (phase) => {
      const { rows } = await pg.query<{ object_key: string; processed_at: number }>(
        `SELECT object_key, processed_at FROM processed_objects WHERE ${processedWhere}`,
        [phase],
      );
      return new Map(rows.map((row) => [row.object_key, Number(row.processed_at)]));
    },
    cleanEvents: async () => Number((await pg.query<{ n: string }>('SELECT count(*) AS n FROM clean_events')).rows[0].n),
    foreignGroupTopics: async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        // The processor names its group with the namespace prefix, as it does its topics.
        const { groups } = await admin.describeGroups([`${namespace.topicPrefix}${PROCESSOR_GROUP}`]);
        const topics = new Set<string>();
        for (const member of groups.flatMap((group) => group.members)) {
          if (member.memberMetadata.length === 0) continue;
          const metadata = AssignerProtocol.MemberMetadata.decode(member.memberMetadata);
          for (const subscribed of metadata?.topics ?? []) if (!subscribed.startsWith(namespace.topicPrefix)) topics.add(subscribed);
        }
        return [...topics].sort();
      } finally {
        await admin.disconnect();
      }
    },
    close: async () => {
      // Each step on its own: a failed one must not leave the others' leftovers behind.
      const steps: [string, () => Promise<unknown>][] = [
        ['producer', () => producer.disconnect()],
        ['database connection', () => pg.end()],
        ['Redis keys', () => deleteKeysWithPrefix(redis, namespace.redisKeyPrefix)],
        ['buckets', () => deleteBuckets(lake, services, namespace.bucketPrefix)],
        ['topics', () => deleteTopics(kafka, namespace.topicPrefix)],
        ['database', () => dropDatabase(namespace)],
      ];
      const failures: string[] = [];
      for (const [what, step] of steps) {
        await step().catch((error: Error) => failures.push(`${what}: ${error.message}`));
      }
      redis.disconnect();
      if (failures.length > 0) throw new Error(`cleaning up namespace ${namespace.id} failed: ${failures.join('; ')}`);
    },
  };
}

/**
 * Drops the namespace's database, retrying: right after a million inserts an autovacuum worker
 * may be on it, which `DROP DATABASE ... WITH (FORCE)` run by a non-superuser cannot terminate
 * ("must be a member of the role whose process is being terminated").
 */
async function dropDatabase(namespace: ProcessorNamespace, attempts = 10): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await namespace.drop();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await delay(3_000);
    }
  }
}

function s3Config(services: ServicesEnv) {
  return {
    kind: 's3' as const,
    endpoint: services.S3_ENDPOINT,
    region: services.S3_REGION,
    accessKeyId: services.S3_ACCESS_KEY,
    secretAccessKey: services.S3_SECRET_KEY,
  };
}

/** Empties and removes the namespace's buckets (the Lake port has no bucket removal: the S3 client does it). */
async function deleteBuckets(lake: Lake, services: ServicesEnv, bucketPrefix: string): Promise<void> {
  for (const bucket of LAKE_BUCKETS) {
    const keys: string[] = [];
    for await (const object of lake.list({ bucket })) keys.push(object.key); // listed first: no deletes under a paging listing
    for (let start = 0; start < keys.length; start += 1000) await lake.deleteMany({ bucket, keys: keys.slice(start, start + 1000) });
  }
  await lake.close();
  const s3 = createS3Client(s3Config(services));
  try {
    const { Buckets = [] } = await s3.send(new ListBucketsCommand({}));
    for (const { Name } of Buckets) {
      if (Name?.startsWith(bucketPrefix)) await s3.send(new DeleteBucketCommand({ Bucket: Name }));
    }
  } finally {
    s3.destroy();
  }
}

async function deleteTopics(kafka: Kafka, topicPrefix: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(topicPrefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}
