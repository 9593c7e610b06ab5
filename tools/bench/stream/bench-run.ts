import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { createServicesNamespace, readServicesEnv, ServicesEnv, ServicesNamespace } from '@platform/testing';
import { lakeObjectCreatedNotification } from '@platform/kafka-events';
import { GENERATION_POINTER_KEY } from '@platform/redis-feature-store';
import { createLake, createS3Client, Lake } from '@platform/s3-lake';
import { Redis } from 'ioredis';
import { AssignerProtocol, Kafka, logLevel, Producer } from 'kafkajs';
import { Client } from 'pg';
import { setTimeout as delay } from 'node:timers/promises';
import { BenchObject } from './bench-objects';

/** Everything one benchmark run touches, under a namespace no other run uses. */
export interface BenchRun {
  namespace: ServicesNamespace;
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
   * Empties the online and offline feature state between phases (every Redis key of the namespace
   * but the generation pointer, and the `clean_events` rows), keeping `processed_objects`: each
   * phase then starts from the same empty store. Redis CPU per key grows with the keyspace, so a
   * phase run on top of the previous one's million events is not comparable with it.
   */
  emptyFeatureState: () => Promise<void>;
  /**
   * Topics of other namespaces that members of the processor's consumer group subscribe to. The
   * group id (`stream-processor`) is not namespaced, so a test or benchmark running at the same
   * time shares the group: its leader may leave our partitions unassigned while it leads.
   */
  foreignGroupTopics: () => Promise<string[]>;
  /** Members of the processor's consumer group holding at least one partition, once the group is stable (0 while it rebalances). */
  assignedGroupMembers: () => Promise<number>;
  close: () => Promise<void>;
}

const CLIENT_ID = 'stream-bench';
/** STREAM_PROCESSOR_GROUP of @platform/feature-pipeline (not imported: that would load the whole pipeline). */
export const PROCESSOR_GROUP = 'stream-processor';

/** Fails with every server that does not answer and the way out, before anything is created. */
async function assertServicesAnswer(services: ServicesEnv): Promise<void> {
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
  const namespace = await createServicesNamespace('bench');
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
    await Promise.allSettled([producer.disconnect(), pg.end(), lake.close()]);
    redis.disconnect();
    await namespace.drop();
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
      const [row] = rows;
      if (row === undefined) throw new Error('SELECT count(*) FROM processed_objects returned no row');
      return { count: Number(row.n), lastAtMs: row.last === null ? null : Number(row.last) };
    },
    processedTimes: async (phase) => {
      const { rows } = await pg.query<{ object_key: string; processed_at: number }>(
        `SELECT object_key, processed_at FROM processed_objects WHERE ${processedWhere}`,
        [phase],
      );
      return new Map(rows.map((row) => [row.object_key, Number(row.processed_at)]));
    },
    cleanEvents: async () => Number((await pg.query<{ n: string }>('SELECT count(*) AS n FROM clean_events')).rows[0]?.n ?? 0),
    emptyFeatureState: async () => {
      const keep = `${namespace.redisKeyPrefix}${GENERATION_POINTER_KEY}`; // the processors read it
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${namespace.redisKeyPrefix}*`, 'COUNT', 10_000);
        cursor = next;
        const doomed = keys.filter((key) => key !== keep);
        if (doomed.length > 0) await redis.unlink(...doomed);
      } while (cursor !== '0');
      await pg.query('TRUNCATE clean_events');
    },
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
    assignedGroupMembers: async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const { groups } = await admin.describeGroups([`${namespace.topicPrefix}${PROCESSOR_GROUP}`]);
        const group = groups[0];
        if (group?.state !== 'Stable') return 0;
        return group.members.filter((member) => {
          const assignment = member.memberAssignment.length > 0 ? AssignerProtocol.MemberAssignment.decode(member.memberAssignment) : null;
          return Object.values(assignment?.assignment ?? {}).some((partitions) => partitions.length > 0);
        }).length;
      } finally {
        await admin.disconnect();
      }
    },
    close: async () => {
      // Each step on its own: a failed one must not leave the others' leftovers behind.
      const steps: [string, () => Promise<unknown>][] = [
        ['producer', () => producer.disconnect()],
        ['database connection', () => pg.end()],
        ['lake', () => lake.close()],
        ['namespace', () => namespace.drop()],
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

function s3Config(services: ServicesEnv) {
  return {
    kind: 's3' as const,
    endpoint: services.S3_ENDPOINT,
    region: services.S3_REGION,
    accessKeyId: services.S3_ACCESS_KEY,
    secretAccessKey: services.S3_SECRET_KEY,
  };
}

/** PUT + announce every object, `writers` at a time, in order of the list. */
export async function writeAll(run: BenchRun, objects: readonly BenchObject[], writers: number): Promise<void> {
  let next = 0;
  const writer = async () => {
    for (let object = objects[next++]; object !== undefined; object = objects[next++]) await run.writeAndAnnounce(object);
  };
  await Promise.all(Array.from({ length: Math.min(writers, objects.length) }, writer));
}

/**
 * Waits until no consumer of another namespace is in the processor's consumer group: its group id
 * is the same in every namespace, and a member of another run leading the group leaves our
 * partitions unassigned (seen with the integration spec running alongside).
 */
export async function waitForGroupOfOurOwn(run: BenchRun, { timeoutMs, signal }: { timeoutMs: number; signal?: AbortSignal }): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let foreign = await run.foreignGroupTopics(); foreign.length > 0; foreign = await run.foreignGroupTopics()) {
    if (Date.now() > deadline) {
      throw new Error(`consumer group ${PROCESSOR_GROUP} is still used by consumers of ${foreign.join(', ')} (another test or benchmark): try again later`);
    }
    process.stderr.write(`consumer group ${PROCESSOR_GROUP} is in use by consumers of ${foreign.join(', ')}; waiting for them to leave\n`);
    await delay(5_000, undefined, { signal });
  }
}
