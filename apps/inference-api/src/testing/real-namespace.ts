import { DeleteBucketCommand } from '@aws-sdk/client-s3';
import { readServicesEnv } from '@platform/dev-services';
import { createLake, createS3Client, LAKE_BUCKETS } from '@platform/s3-lake';
import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * A namespace on the dev servers for one test file (bucket, key and topic prefixes, a scratch
 * database) and its environment. To be replaced by libs/testing's `createServicesNamespace` once
 * it lands on main.
 */
export async function realNamespace(label: string): Promise<{ id: string; env: Record<string, string>; drop: () => Promise<void> }> {
  const services = readServicesEnv();
  const id = `${label}-${randomBytes(3).toString('hex')}`;
  const database = id.replace(/\W/g, '_');
  await withAdmin(services.DATABASE_URL, (admin) => admin.query(`CREATE DATABASE "${database}"`));
  const url = new URL(services.DATABASE_URL);
  url.pathname = `/${database}`;
  return {
    id,
    env: {
      LAKE_URL: 's3://',
      S3_ENDPOINT: services.S3_ENDPOINT,
      S3_ACCESS_KEY: services.S3_ACCESS_KEY,
      S3_SECRET_KEY: services.S3_SECRET_KEY,
      S3_REGION: services.S3_REGION,
      KAFKA_BROKERS: services.KAFKA_BROKERS,
      KAFKA_TOPIC_PARTITIONS: '2',
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      REDIS_URL: services.REDIS_URL,
      DATABASE_URL: url.toString(),
      LAKE_BUCKET_PREFIX: `${id}-`,
      REDIS_KEY_PREFIX: `${id}:`,
      KAFKA_TOPIC_PREFIX: `${id}.`,
    },
    drop: async () => {
      const s3 = { kind: 's3' as const, endpoint: services.S3_ENDPOINT, region: services.S3_REGION, accessKeyId: services.S3_ACCESS_KEY, secretAccessKey: services.S3_SECRET_KEY };
      const lake = createLake(s3, { bucketPrefix: `${id}-` });
      const admin = createS3Client(s3);
      const redis = new Redis(services.REDIS_URL);
      const kafka = new Kafka({ clientId: `${id}-cleanup`, brokers: services.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
      try {
        for await (const keys of redis.scanStream({ match: `${id}:*`, count: 1000 })) if ((keys as string[]).length > 0) await redis.unlink(...(keys as string[]));
        for (const bucket of LAKE_BUCKETS) {
          const keys: string[] = [];
          for await (const object of lake.list({ bucket })) keys.push(object.key);
          await lake.deleteMany({ bucket, keys });
          await admin.send(new DeleteBucketCommand({ Bucket: lake.bucketName(bucket) }));
        }
        await kafka.connect();
        const topics = (await kafka.listTopics()).filter((topic) => topic.startsWith(`${id}.`));
        if (topics.length > 0) await kafka.deleteTopics({ topics });
      } finally {
        await kafka.disconnect();
        redis.disconnect();
        admin.destroy();
        await lake.close();
        await withAdmin(services.DATABASE_URL, (pg) => pg.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
      }
    },
  };
}

async function withAdmin<T>(adminUrl: string, work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`PostgreSQL does not answer (${(error as Error).message}): run \`npm run services:up\``);
  }
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
