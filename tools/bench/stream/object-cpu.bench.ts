/**
 * CPU per lake object of the stream processor's own work, measured in one process (the machine is
 * shared, so wall time says little): the benchmark's 5,000-event gzip NDJSON objects go through
 * `LakeObjectProcessor.process` against the real Redis and PostgreSQL (their CPU is not counted
 * here: it is theirs), then through each stage alone.
 *
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/bench/stream/object-cpu.bench.ts [objects=40]
 *
 * Prints the median and mean CPU (user + system) per object of the whole processing and of the
 * stages (gunzip + parse, reduceEvents), and the peak RSS. The first quarter of the objects warms
 * the JIT up and is not counted.
 */
import { itemAt } from '@platform/common';
import { openPlatformDataSource } from '@platform/database';
import { CleanEvent, parseEvents } from '@platform/events';
import { LakeObjectProcessor, ObjectLetters } from '@platform/feature-pipeline';
import { reduceEvents } from '@platform/features';
import type { DeadLetter, DeadLetterSink } from '@platform/kafka-events';
import { OFFLINE_STORE_SCHEMA, OfflineEventStore } from '@platform/offline-store';
import { RedisOnlineFeatureStore } from '@platform/redis-feature-store';
import type { Lake, LakeObject } from '@platform/s3-lake';
import { createServicesNamespace } from '@platform/testing';
import { Redis } from 'ioredis';
import { Readable } from 'node:stream';
import { benchObjects, BenchObject } from './bench-objects';
import { STREAM_BENCH } from './stream-bench.config';

const MAX_INFLATED_BYTES = 256 << 20;

/** Milliseconds of CPU (user + system) `work` took in this process. */
async function cpuMs(work: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  await work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

function summary(label: string, samples: number[]): string {
  const counted = samples.slice(Math.floor(samples.length / 4));
  const sorted = [...counted].sort((a, b) => a - b);
  const mean = counted.reduce((a, b) => a + b, 0) / counted.length;
  return `${label}: median ${itemAt(sorted, Math.floor(sorted.length / 2)).toFixed(1)} ms, mean ${mean.toFixed(1)} ms CPU per object (${counted.length} objects)`;
}

/** A lake holding the benchmark's objects in memory: S3's own CPU is not the processor's. */
function memoryLake(objects: readonly BenchObject[]): Lake {
  const byKey = new Map(objects.map((object) => [object.key, object]));
  const get = async ({ key }: { key: string }): Promise<LakeObject> => {
    const object = byKey.get(key);
    if (!object) throw new Error(`no bench object ${key}`);
    return {
      bucket: 'bronze',
      key,
      eTag: `etag-${key}`,
      size: object.body.length,
      contentType: 'application/x-ndjson',
      lastModified: new Date(0),
      // As the S3 client hands it out: 64 KiB pieces.
      body: Readable.from(piecesOf(object.body, 64 * 1024), { objectMode: false }),
    };
  };
  return { bucketName: (bucket: string) => bucket, get } as unknown as Lake;
}

function* piecesOf(body: Buffer, size: number): Generator<Buffer> {
  for (let start = 0; start < body.length; start += size) yield body.subarray(start, start + size);
}

async function parsed(object: BenchObject): Promise<CleanEvent[]> {
  const events: CleanEvent[] = [];
  for await (const batch of parseEvents(Readable.from(piecesOf(object.body, 64 * 1024)), { format: 'ndjson', source: object.key })) {
    for (const record of batch) if (record.ok) events.push(record.event);
  }
  return events;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 40);
  if (!(Number.isInteger(count) && count >= 4)) throw new Error(`objects=${process.argv[2]}: expected a whole number ≥ 4 (first argument)`);
  const { eventsPerObject, seed } = STREAM_BENCH.throughput;
  const objects = benchObjects('cpu', { events: count * eventsPerObject, perObject: eventsPerObject, seed, users: STREAM_BENCH.users, products: STREAM_BENCH.products });

  const namespace = await createServicesNamespace('object-cpu');
  const redis = new Redis(namespace.services.REDIS_URL);
  const dataSource = await openPlatformDataSource({ kind: 'postgres', url: namespace.databaseUrl }, [OFFLINE_STORE_SCHEMA]);
  try {
    const online = new RedisOnlineFeatureStore({ client: redis, keyPrefix: namespace.redisKeyPrefix, guardScope: 'batch', ownsClient: false });
    const processor = new LakeObjectProcessor(memoryLake(objects), online, new OfflineEventStore(dataSource), { maxInflatedBytes: MAX_INFLATED_BYTES });
    const sink: DeadLetterSink = { send: async (letters: readonly DeadLetter[]) => void letters };
    let peakRss = 0;
    const whole: number[] = [];
    for (const object of objects) {
      const created = { bucket: 'bronze', key: object.key, eTag: `etag-${object.key}`, size: object.body.length };
      whole.push(await cpuMs(() => processor.process(created as never, { letters: new ObjectLetters(sink) })));
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }
    const parse: number[] = [];
    const reduce: number[] = [];
    for (const object of objects) {
      let events: CleanEvent[] = [];
      parse.push(await cpuMs(async () => (events = await parsed(object))));
      reduce.push(await cpuMs(async () => reduceEvents(events)));
    }
    console.log(summary('process (whole object, Redis + PostgreSQL writes included)', whole));
    console.log(summary('  gunzip + parse + clean', parse));
    console.log(summary('  reduceEvents', reduce));
    console.log(`peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`);
  } finally {
    await dataSource.destroy();
    redis.disconnect();
    await namespace.drop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
