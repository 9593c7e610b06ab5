import { lakeObjectCreatedNotification } from '@platform/kafka-events';
import { createLake, Lake } from '@platform/s3-lake';
import { createServicesNamespace, readServicesEnv, ServiceProcess, ServicesNamespace, startServiceProcess, waitUntil } from '@platform/testing';
import { Redis } from 'ioredis';
import { Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import { Client } from 'pg';

/** The stream-processor app, run from source as a real process. */
const PROCESSOR_MAIN = 'apps/stream-processor/src/main.ts';

const services = readServicesEnv();
export const kafka = new Kafka({ clientId: 'stream-processor-it', brokers: services.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });

/** One test run on the real servers: its namespace and clients to look into every store. */
export interface ProcessorRun {
  namespace: ServicesNamespace;
  lake: Lake;
  producer: Producer;
  redis: Redis;
  pg: Client;
  announced: Map<string, { eTag: string; size: number }>;
}

export async function openProcessorRun(label: string): Promise<ProcessorRun> {
  const namespace = await createServicesNamespace(label);
  const lake = createLake(
    { kind: 's3', endpoint: services.S3_ENDPOINT, region: services.S3_REGION, accessKeyId: services.S3_ACCESS_KEY, secretAccessKey: services.S3_SECRET_KEY },
    { bucketPrefix: namespace.bucketPrefix },
  );
  await lake.ensureBuckets();
  const producer = kafka.producer();
  await producer.connect();
  const redis = new Redis(services.REDIS_URL);
  const pg = new Client({ connectionString: namespace.databaseUrl });
  await pg.connect();
  return { namespace, lake, producer, redis, pg, announced: new Map() };
}

export async function closeProcessorRun(run: ProcessorRun): Promise<void> {
  await run.producer.disconnect();
  await run.pg.end();
  run.redis.disconnect();
  await run.lake.close();
  await run.namespace.drop();
}

export function startProcessor(run: ProcessorRun, env: Record<string, string> = {}): Promise<ServiceProcess> {
  return startServiceProcess(PROCESSOR_MAIN, { ...run.namespace.env, ...env });
}

/** Announces an object on `data_streaming` as the gateway does (bucket by its logical name unless given). */
export async function announce(run: ProcessorRun, object: { key: string; eTag: string; size: number; bucket?: string }): Promise<void> {
  const notification = lakeObjectCreatedNotification({ bucket: 'bronze', ...object });
  await run.producer.send({ topic: `${run.namespace.topicPrefix}data_streaming`, messages: [{ key: object.key, value: JSON.stringify(notification) }] });
}

/** Writes the object to bronze (once) and announces it. */
export async function writeAndAnnounce(run: ProcessorRun, object: { key: string; body: Buffer }, contentType = 'application/x-ndjson'): Promise<void> {
  let written = run.announced.get(object.key);
  if (!written) {
    written = await run.lake.put({ bucket: 'bronze', key: object.key, body: object.body, contentType });
    run.announced.set(object.key, written);
  }
  await announce(run, { key: object.key, ...written });
}

export async function countRows(run: ProcessorRun, table: string, where = 'true'): Promise<number> {
  const result = await run.pg.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`);
  return Number(result.rows[0]?.n ?? 0);
}

export async function waitProcessed(run: ProcessorRun, objects: number, timeoutMs = 180_000): Promise<void> {
  await waitUntil(`${objects} settled objects`, () => countRows(run, 'processed_objects'), (n) => n >= objects, timeoutMs);
}

/** What a dead letter says, as the tests read it. */
export interface ReadLetter {
  reason: string;
  code?: string;
  rule?: string;
  field?: string;
  line?: number;
  attempts?: number;
  source: { bucket?: string; key?: string; eTag?: string; topic?: string };
}

/**
 * Reads `data_streaming.dlq` of the run from the beginning, read_committed (kafkajs's default), as
 * any consumer of the DLQ would: letters of aborted transactions are never seen.
 */
export class DeadLetterReader {
  readonly letters: ReadLetter[] = [];
  private consumer?: Consumer;

  constructor(private readonly run: ProcessorRun) {}

  async start(): Promise<this> {
    this.consumer = kafka.consumer({ groupId: `${this.run.namespace.id}-dlq-reader-${Date.now()}`, maxWaitTimeInMs: 200 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: `${this.run.namespace.topicPrefix}data_streaming.dlq`, fromBeginning: true });
    await this.consumer.run({ eachMessage: async ({ message }) => void this.letters.push(JSON.parse(String(message.value)) as ReadLetter) });
    return this;
  }

  until(what: string, done: (letters: ReadLetter[]) => boolean, timeoutMs = 60_000): Promise<ReadLetter[]> {
    return waitUntil(what, async () => this.letters, done, timeoutMs);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
