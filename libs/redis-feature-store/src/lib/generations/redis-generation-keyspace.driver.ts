import { Redis } from 'ioredis';
import { parseStoredNumber } from '../codec/feature-number.codec';
import { mapRedisError } from '../drivers/redis/map-redis-error.util';
import { GenerationKeyScan, GenerationKeyspace } from './generation-keyspace.port';
import { GENERATION_POINTER_KEY, GenerationState } from './generation-state';

/** `last` remembers the highest generation ever started, so an abandoned one's number is never reused. */
const BEGIN_BUILDING_LUA = `
local building = redis.call('HGET', KEYS[1], 'building')
if not building then
  local current = tonumber(redis.call('HGET', KEYS[1], 'current') or '0')
  local last = tonumber(redis.call('HGET', KEYS[1], 'last') or '0')
  building = tostring(math.max(current, last) + 1)
  redis.call('HSET', KEYS[1], 'building', building, 'last', building)
end
return {redis.call('HGET', KEYS[1], 'current') or '0', building}
`;

const SWITCH_LUA = `
if redis.call('HGET', KEYS[1], 'building') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'current', ARGV[1])
redis.call('HDEL', KEYS[1], 'building')
return 1
`;

/** Slots walked per SCAN call: few round trips over a large keyspace, each call still short. */
const SCAN_COUNT = 10_000;

/** Generations on Redis: the pointer is one hash per namespace (one slot, on a cluster too). */
export class RedisGenerationKeyspace implements GenerationKeyspace {
  private readonly pointerKey: string;

  constructor(
    private readonly client: Redis,
    keyPrefix: string,
  ) {
    this.pointerKey = keyPrefix + GENERATION_POINTER_KEY;
  }

  async readPointer(): Promise<GenerationState> {
    const [current, building] = await this.call('readPointer', () => this.client.hmget(this.pointerKey, 'current', 'building'));
    return { current: parseStoredNumber(current ?? undefined) ?? 0, building: parseStoredNumber(building ?? undefined) };
  }

  async beginBuilding(): Promise<GenerationState> {
    const [current, building] = (await this.call('beginBuilding', () => this.client.eval(BEGIN_BUILDING_LUA, 1, this.pointerKey))) as string[];
    return { current: Number(current), building: Number(building) };
  }

  async switchTo(generation: number): Promise<boolean> {
    return (await this.call('switchTo', () => this.client.eval(SWITCH_LUA, 1, this.pointerKey, String(generation)))) === 1;
  }

  async deleteKeys(scan: GenerationKeyScan, onProgress?: (deleted: number) => void): Promise<number> {
    let deleted = 0;
    await this.scanKeys(scan, async (keys) => {
      deleted += (await this.call('deleteKeys', () => this.client.unlink(...keys))) as number;
      onProgress?.(deleted);
    });
    return deleted;
  }

  async deleteExpired(prefix: string, keys: readonly string[], field: string, cutoffOf: (key: string) => number | undefined): Promise<number> {
    let deleted = 0;
    for (let start = 0; start < keys.length; start += SCAN_COUNT) {
      const chunk = keys.slice(start, start + SCAN_COUNT);
      const pipeline = this.client.pipeline();
      for (const key of chunk) pipeline.hget(key, field);
      const replies = (await this.call('deleteExpired', () => pipeline.exec())) ?? [];
      const expired = chunk.filter((key, i) => {
        const cutoff = cutoffOf(key.slice(prefix.length));
        const newest = parseStoredNumber((replies[i]?.[1] as string | null) ?? undefined);
        return cutoff !== undefined && newest !== null && newest <= cutoff;
      });
      if (expired.length > 0) deleted += (await this.call('deleteExpired', () => this.client.unlink(...expired))) as number;
    }
    return deleted;
  }

  /**
   * One SCAN pass over the prefix (the server filters by MATCH, but still walks the whole keyspace:
   * one pass, not one per family), families kept client-side.
   */
  private async scanKeys(scan: GenerationKeyScan, visit: (keys: string[]) => Promise<void>): Promise<void> {
    const starts = scan.families?.map((family) => scan.prefix + family);
    let cursor = '0';
    do {
      const [next, found] = await this.call('scan', () => this.client.scan(cursor, 'MATCH', `${escapeGlob(scan.prefix)}*`, 'COUNT', SCAN_COUNT));
      cursor = next;
      const keys = starts === undefined ? found : found.filter((key) => starts.some((start) => key.startsWith(start)));
      if (keys.length > 0) await visit(keys);
    } while (cursor !== '0');
  }

  private async call<T>(operation: string, command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw mapRedisError(error, operation);
    }
  }
}

/** SCAN MATCH is a glob: a prefix's own `*?[]\` must match themselves. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
