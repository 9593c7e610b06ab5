import { DeleteBucketCommand } from '@aws-sdk/client-s3';
import { readServicesEnv } from '@platform/dev-services';
import { createLake, createS3Client, LAKE_BUCKETS } from '@platform/s3-lake';
import { Kafka, logLevel } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface RealServices {
  /** The gateway's environment: the dev servers, with a bucket prefix, topic prefix and database of this run. */
  env: Record<string, string>;
  topicPrefix: string;
  kafka: Kafka;
  cleanup: () => Promise<void>;
}

const UP = 'run `npm run services:up`';

/**
 * The real servers of tools/dev-services, isolated for one test file: buckets `ingest-<hex>-*`,
 * topics `ingest-<hex>.*`, a scratch PostgreSQL database; `cleanup` removes them all. Fails (never
 * skips) with how to start the servers when one does not answer.
 */
export async function realServices(extra: Record<string, string> = {}): Promise<RealServices> {
  const services = readServicesEnv();
  const id = randomBytes(4).toString('hex');
  const topicPrefix = `ingest-${id}.`;
  const database = `ingest_${id}`;
  const adminUrl = services.DATABASE_URL;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE "${database}"`));
  const databaseUrl = new URL(adminUrl);
  databaseUrl.pathname = `/${database}`;
  const env: Record<string, string> = {
    LAKE_URL: 's3://',
    S3_ENDPOINT: services.S3_ENDPOINT,
    S3_ACCESS_KEY: services.S3_ACCESS_KEY,
    S3_SECRET_KEY: services.S3_SECRET_KEY,
    S3_REGION: services.S3_REGION,
    LAKE_BUCKET_PREFIX: `ingest-${id}-`,
    KAFKA_BROKERS: services.KAFKA_BROKERS,
    KAFKA_TOPIC_PREFIX: topicPrefix,
    KAFKA_TOPIC_PARTITIONS: '1',
    DATABASE_URL: databaseUrl.toString(),
    ...extra,
  };
  const kafka = new Kafka({ clientId: `ingest-test-${id}`, brokers: services.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const cleanup = async () => {
    const lake = createLake({ kind: 's3', endpoint: env.S3_ENDPOINT, region: env.S3_REGION, accessKeyId: env.S3_ACCESS_KEY, secretAccessKey: env.S3_SECRET_KEY }, { bucketPrefix: env.LAKE_BUCKET_PREFIX });
    const s3 = createS3Client({ kind: 's3', endpoint: env.S3_ENDPOINT, region: env.S3_REGION, accessKeyId: env.S3_ACCESS_KEY, secretAccessKey: env.S3_SECRET_KEY });
    try {
      for (const bucket of LAKE_BUCKETS) {
        const keys: string[] = [];
        try {
          for await (const object of lake.list({ bucket })) keys.push(object.key);
        } catch {
          continue; // never created
        }
        await lake.deleteMany({ bucket, keys });
        await s3.send(new DeleteBucketCommand({ Bucket: lake.bucketName(bucket) }));
      }
    } finally {
      await lake.close();
      s3.destroy();
    }
    const admin = kafka.admin();
    await admin.connect();
    try {
      const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(topicPrefix));
      if (topics.length > 0) await admin.deleteTopics({ topics });
    } finally {
      await admin.disconnect();
    }
    await withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
  };
  return { env, topicPrefix, kafka, cleanup };
}

async function withAdmin<T>(adminUrl: string, work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`PostgreSQL at ${new URL(adminUrl).host} does not answer (${(error as Error).message}): ${UP}`);
  }
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
