/**
 * Micro-benchmark of `RedisOnlineFeatureStore.applyBatch` on realistic batches: `reduceEvents`
 * over consecutive 5,000-event simulated objects (~7,300-8,500 key updates each, two script calls
 * with the stream processor's `guardScope: 'batch'`), against the dev Redis.
 *
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/bench/stream/apply-batch.bench.ts [objects=20] [batch|slot]
 *
 * Prints each batch's time, the median, the Redis-side script time per batch (the growth of
 * EVALSHA's `usec` in INFO commandstats: server-wide, so other clients' scripts count too) and,
 * when Redis runs on this machine, its CPU time per batch (the steadier figure under load), then
 * deletes its keys. REDIS_URL overrides the dev Redis (a private `redis-server --port <n>` gives
 * a CPU figure no other client adds to). To compare with another version of the driver, copy the library's src
 * elsewhere and point APPLY_BATCH_DRIVER at its redis-online-feature-store.driver.ts (with
 * NODE_PATH=<workspace>/node_modules when the copy is outside the workspace).
 */
import { itemAt } from '@platform/common';
import { readServicesEnv } from '@platform/testing';
import { CleanEvent, parseEvents } from '@platform/events';
import { KeyUpdate, reduceEvents } from '@platform/features';
import { GuardScope, RedisOnlineFeatureStore as CurrentStore } from '@platform/redis-feature-store';
import { generateClickstream } from '@platform/simulator';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';

const PER_OBJECT = 5_000;

async function batchesOf(objects: number): Promise<KeyUpdate[][]> {
  const text = Buffer.concat([...generateClickstream({ events: objects * PER_OBJECT, seed: 11, format: 'ndjson', users: 5_000, products: 3_000 })]);
  const events: CleanEvent[] = [];
  for await (const batch of parseEvents(Readable.from([text]), { format: 'ndjson', source: 'bench/apply-batch' })) {
    for (const record of batch) if (record.ok) events.push(record.event);
  }
  const batches: KeyUpdate[][] = [];
  for (let start = 0; start < events.length; start += PER_OBJECT) batches.push(reduceEvents(events.slice(start, start + PER_OBJECT)));
  return batches;
}

async function scriptMicroseconds(redis: Redis): Promise<number> {
  const stats = await redis.info('commandstats');
  return Number(/^cmdstat_evalsha:.*?usec=(\d+)/m.exec(stats)?.[1] ?? 0) + Number(/^cmdstat_eval:.*?usec=(\d+)/m.exec(stats)?.[1] ?? 0);
}

/**
 * The Redis server's CPU time so far (ms, from /proc/<pid>/schedstat, nanosecond precision), or
 * null when it runs elsewhere. CPU time, unlike the script's wall time, does not count the time
 * Redis waits for a core on a loaded machine; it counts every client's work, so run alone.
 */
async function redisCpuMs(redis: Redis): Promise<number | null> {
  const pid = /^process_id:(\d+)/m.exec(await redis.info('server'))?.[1];
  try {
    return Number((await readFile(`/proc/${pid}/schedstat`, 'utf8')).split(' ')[0]) / 1e6;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const objects = Number(process.argv[2] ?? 20);
  if (!(Number.isInteger(objects) && objects >= 1)) throw new Error(`objects=${process.argv[2]}: expected a whole number of lake objects ≥ 1 (first argument)`);
  const guardScope = (process.argv[3] ?? 'batch') as GuardScope;
  const batches = await batchesOf(objects);
  const keyPrefix = `bench-apply-${randomBytes(3).toString('hex')}:`;
  const client = new Redis(process.env['REDIS_URL'] || readServicesEnv().REDIS_URL);
  const driver = process.env['APPLY_BATCH_DRIVER'] || undefined;
  const RedisOnlineFeatureStore: typeof CurrentStore = driver
    ? (require(driver) as { RedisOnlineFeatureStore: typeof CurrentStore }).RedisOnlineFeatureStore
    : CurrentStore;
  const store = new RedisOnlineFeatureStore({ client, keyPrefix, guardScope, ownsClient: false });
  const times: number[] = [];
  try {
    const scriptBefore = await scriptMicroseconds(client);
    const cpuBefore = await redisCpuMs(client);
    for (const [index, updates] of batches.entries()) {
      const started = process.hrtime.bigint();
      const result = await store.applyBatch({ batchId: `b${index}`, updates, newestEventAt: index });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      times.push(ms);
      console.log(`batch ${index}: ${updates.length} updates, ${result.groups} groups, ${ms.toFixed(1)} ms`);
    }
    const scriptMs = (await scriptMicroseconds(client)) - scriptBefore;
    const cpuAfter = await redisCpuMs(client);
    const cpuMs = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
    const sorted = [...times].sort((a, b) => a - b);
    const updates = batches.reduce((sum, batch) => sum + batch.length, 0);
    console.log(
      `${driver ?? 'current driver'} (${guardScope} guards): median ${itemAt(sorted, Math.floor(sorted.length / 2)).toFixed(1)} ms, ` +
        `min ${itemAt(sorted, 0).toFixed(1)} ms per batch, ${Math.round(updates / (times.reduce((a, b) => a + b, 0) / 1000))} updates/s; ` +
        `Redis script time ${(scriptMs / 1000 / batches.length).toFixed(0)} ms per batch` +
        (cpuMs === null ? '' : `, Redis CPU ${(cpuMs / batches.length).toFixed(0)} ms per batch`) +
        `; load ${(await readFile('/proc/loadavg', 'utf8')).split(' ')[0]}`,
    );
  } finally {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 5000);
      cursor = next;
      if (keys.length > 0) await client.unlink(...keys);
    } while (cursor !== '0');
    client.disconnect();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
