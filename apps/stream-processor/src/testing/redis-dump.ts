import { Redis } from 'ioredis';

/** Every feature hash under the prefix (guards and bookkeeping left out), values as text, prefix stripped. */
export async function dumpFeatureHashes(redis: Redis, prefix: string): Promise<Map<string, Record<string, string>>> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 5000);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
  const featureKeys = keys.filter((key) => /^(user|session|product):/.test(key.slice(prefix.length))).sort();
  const dump = new Map<string, Record<string, string>>();
  for (let start = 0; start < featureKeys.length; start += 1000) {
    const chunk = featureKeys.slice(start, start + 1000);
    const pipeline = redis.pipeline();
    for (const key of chunk) pipeline.hgetall(key);
    const results = (await pipeline.exec()) ?? [];
    chunk.forEach((key, i) => {
      const [error, hash] = results[i] ?? [new Error(`Redis sent no reply for HGETALL ${key}`)];
      if (error) throw error;
      dump.set(key.slice(prefix.length), hash as Record<string, string>);
    });
  }
  return dump;
}
