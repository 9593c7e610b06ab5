import { ChainableCommander, Redis } from 'ioredis';
import { decodeFeatureValue, parseStoredNumber } from '../../codec/feature-number.codec';
import { FeatureRecord } from '../../key-update';
import { FRESHNESS_KEY } from '../../online-feature-store.constants';
import { OnlineFeatureStoreOptions, ResolvedStoreOptions, resolveStoreOptions } from '../../online-feature-store.options';
import { ApplyBatchParams, ApplyBatchResult, OnlineFeatureStore } from '../../online-feature-store.port';
import { batchOutcome } from '../../planning/batch-outcome';
import { planBatch } from '../../planning/plan-batch';
import { assertValidReads } from '../../reading/assert-valid-reads';
import { RecordRead } from '../../reading/record-read';
import { assertValidBatch } from '../../validation/assert-valid-batch';
import { APPLY_GROUP_LUA, KEEP_MAX_LUA } from './apply-group.lua';
import { encodeApplyUnit } from './encode-apply-unit';
import { mapRedisError } from './map-redis-error.util';
import { READ_RECORDS_LUA } from './read-records.lua';

export interface RedisOnlineFeatureStoreOptions extends OnlineFeatureStoreOptions {
  client: Redis;
  /** Quit the client on `close()` (default true: the store was handed its own connection). */
  ownsClient?: boolean;
}

/** The scripts ioredis adds to a client (and its pipelines) with `defineCommand`. */
interface FeatureScripts {
  /** ioredis flattens array arguments one level (no spread: a group may have thousands of keys). */
  applyFeatureGroup(numberOfKeys: number, keys: string[], guardTtlSeconds: number, payload: Buffer): unknown;
  keepMaxNumber(key: string, value: string): unknown;
  readFeatureRecords(prefix: string, ...reads: string[]): Promise<string[][]>;
}

/**
 * The online store on Redis (ioredis). A batch becomes one pipeline — one round trip — of script
 * calls, one per atomic group (see `planBatch`): each call checks and sets its group's guard and
 * applies the group's updates, atomically. On standalone Redis the groups of one batch run back
 * to back; on Redis Cluster each group's keys and guard share a slot, so each call stays valid.
 */
export class RedisOnlineFeatureStore implements OnlineFeatureStore {
  private readonly client: Redis;
  private readonly ownsClient: boolean;
  private readonly options: ResolvedStoreOptions;

  constructor({ client, ownsClient = true, ...options }: RedisOnlineFeatureStoreOptions) {
    this.options = resolveStoreOptions(options);
    this.client = client;
    this.ownsClient = ownsClient;
    client.defineCommand('applyFeatureGroup', { lua: APPLY_GROUP_LUA });
    client.defineCommand('keepMaxNumber', { lua: KEEP_MAX_LUA, numberOfKeys: 1 });
    client.defineCommand('readFeatureRecords', { lua: READ_RECORDS_LUA, numberOfKeys: 0 });
  }

  async applyBatch(params: ApplyBatchParams): Promise<ApplyBatchResult> {
    assertValidBatch(params);
    const units = planBatch(params.batchId, params.updates, this.options);
    const pipeline = this.client.pipeline();
    const scripts = pipeline as unknown as FeatureScripts;
    for (const unit of units) {
      const { keys, payload } = encodeApplyUnit(unit, this.options.keyPrefix);
      scripts.applyFeatureGroup(keys.length, keys, this.options.guardTtlSeconds, payload);
    }
    if (params.newestEventAt !== undefined) {
      scripts.keepMaxNumber(this.options.keyPrefix + FRESHNESS_KEY, String(params.newestEventAt));
    }
    const replies = await this.exec(pipeline, 'applyBatch');
    const applied = replies.slice(0, units.length).filter((reply) => reply === 1).length;
    return batchOutcome(units.length, applied);
  }

  async readMany(keys: readonly string[]): Promise<(FeatureRecord | null)[]> {
    if (keys.length === 0) return [];
    const pipeline = this.client.pipeline();
    for (const key of keys) pipeline.hgetall(this.options.keyPrefix + key);
    const replies = (await this.exec(pipeline, 'readMany')) as Record<string, string>[];
    return replies.map((fields) => {
      const entries = Object.entries(fields);
      if (entries.length === 0) return null;
      const record: FeatureRecord = {};
      for (const [field, value] of entries) record[field] = decodeFeatureValue(value);
      return record;
    });
  }

  /** One script call (EVALSHA): the followed keys are known only inside Redis. */
  async readRecords(reads: readonly RecordRead[]): Promise<(FeatureRecord | null)[]> {
    if (reads.length === 0) return [];
    assertValidReads(reads);
    const args: string[] = [];
    for (const read of reads) {
      if (typeof read === 'string') args.push('k', read);
      else args.push('f', String(read.via + 1), read.field, read.prefix, read.suffix ?? '');
    }
    let replies: string[][];
    try {
      replies = await (this.client as unknown as FeatureScripts).readFeatureRecords(this.options.keyPrefix, ...args);
    } catch (error) {
      throw mapRedisError(error, 'readRecords');
    }
    return replies.map(recordOfFlatReply);
  }

  async freshness(): Promise<number | null> {
    try {
      return parseStoredNumber((await this.client.get(this.options.keyPrefix + FRESHNESS_KEY)) ?? undefined);
    } catch (error) {
      throw mapRedisError(error, 'freshness');
    }
  }

  async ping(): Promise<void> {
    try {
      await this.client.ping();
    } catch (error) {
      throw mapRedisError(error, 'ping');
    }
  }

  async close(): Promise<void> {
    if (!this.ownsClient || this.client.status === 'end') return;
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect(); // the connection was already broken
    }
  }

  /** Runs a pipeline; the first failed command fails the call. */
  private async exec(pipeline: ChainableCommander, operation: string): Promise<unknown[]> {
    let results: [Error | null, unknown][] | null;
    try {
      results = await pipeline.exec();
    } catch (error) {
      throw mapRedisError(error, operation);
    }
    if (results === null) throw mapRedisError(new Error('pipeline was discarded'), operation);
    const failed = results.find(([error]) => error !== null);
    if (failed) throw mapRedisError(failed[0], operation);
    return results.map(([, reply]) => reply);
  }
}

/** HGETALL's flat reply `[field, value, ...]` as a record; empty means the key is missing. */
function recordOfFlatReply(flat: string[]): FeatureRecord | null {
  if (flat.length === 0) return null;
  const record: FeatureRecord = {};
  for (let i = 0; i + 1 < flat.length; i += 2) record[flat[i] as string] = decodeFeatureValue(flat[i + 1] as string);
  return record;
}
