import { readServicesEnv } from '@platform/dev-services';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Everything one test run of the processor touches, under names no other run uses. */
export interface ProcessorNamespace {
  id: string;
  bucketPrefix: string;
  redisKeyPrefix: string;
  topicPrefix: string;
  databaseUrl: string;
  /** The environment a processor process of this namespace runs with. */
  env: Record<string, string>;
  drop: () => Promise<void>;
}

export async function createProcessorNamespace(label: string): Promise<ProcessorNamespace> {
  const services = readServicesEnv();
  const id = `${label}-${randomBytes(3).toString('hex')}`;
  const database = `sp_${id.replace(/-/g, '_')}`;
  const admin = new Client({ connectionString: services.DATABASE_URL });
  await admin.connect().catch((error: Error) => {
    throw new Error(`PostgreSQL does not answer (${error.message}): run npm run services:up`);
  });
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = new URL(services.DATABASE_URL);
  url.pathname = `/${database}`;
  const namespace = {
    id,
    bucketPrefix: `${id}-`,
    redisKeyPrefix: `${id}:`,
    topicPrefix: `${id}.`,
    databaseUrl: url.toString(),
  };
  return {
    ...namespace,
    env: {
      LAKE_URL: 's3://',
      S3_ENDPOINT: services.S3_ENDPOINT,
      S3_ACCESS_KEY: services.S3_ACCESS_KEY,
      S3_SECRET_KEY: services.S3_SECRET_KEY,
      S3_REGION: services.S3_REGION,
      KAFKA_BROKERS: services.KAFKA_BROKERS,
      REDIS_URL: services.REDIS_URL,
      DATABASE_URL: namespace.databaseUrl,
      LAKE_BUCKET_PREFIX: namespace.bucketPrefix,
      REDIS_KEY_PREFIX: namespace.redisKeyPrefix,
      KAFKA_TOPIC_PREFIX: namespace.topicPrefix,
      LOG_LEVEL: 'log', // startServiceProcess waits for the "listening on" line
      // A killed member's partitions move to the others within seconds, not kafkajs's default 30 s.
      KAFKA_SESSION_TIMEOUT_MS: '6000',
    },
    drop: async () => {
      const cleanup = new Client({ connectionString: services.DATABASE_URL });
      await cleanup.connect();
      try {
        // FORCE can race a backend that is still exiting ("must be a member of the role..."): try again.
        for (let attempt = 1; ; attempt++) {
          try {
            await cleanup.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
            break;
          } catch (error) {
            if (attempt >= 5) throw error;
            await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
          }
        }
      } finally {
        await cleanup.end();
      }
    },
  };
}
