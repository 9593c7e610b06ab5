import Redis from 'ioredis';
import { readServicesEnv } from '@platform/testing';
import { reachable } from './reachable';

describe('Redis (tools/dev-services)', () => {
  const { REDIS_URL } = readServicesEnv();
  let redis: Redis;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL, {
      lazyConnect: true,
      connectTimeout: 3000,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    redis.on('error', () => undefined); // connect() rejects with the same error
    await reachable('Redis', REDIS_URL, () => redis.connect());
  });

  afterAll(() => redis?.disconnect());

  it('SETs and GETs a key', async () => {
    const key = `dev-services:smoke:${process.pid}:${Date.now()}`;
    await redis.set(key, 'hello from the smoke test', 'EX', 60);
    expect(await redis.get(key)).toBe('hello from the smoke test');
    expect(await redis.del(key)).toBe(1);
  });
});
