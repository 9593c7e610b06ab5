import type { Redis } from 'ioredis';

/** Removes every key under the prefix (the namespace of one test run). */
export async function deleteKeysWithPrefix(redis: Redis, keyPrefix: string): Promise<void> {
  const stream = redis.scanStream({ match: `${keyPrefix}*`, count: 1000 });
  for await (const keys of stream) {
    if ((keys as string[]).length > 0) await redis.unlink(...(keys as string[]));
  }
}
