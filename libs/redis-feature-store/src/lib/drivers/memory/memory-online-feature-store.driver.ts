import { decodeFeatureValue, formatFeatureNumber, parseStoredNumber } from '../../codec/feature-number.codec';
import { isNewerStamp, stampFieldsOf } from '../../codec/latest-stamp';
import { trimCappedSet } from '@platform/features';
import { FeatureRecord, FieldCap, KeyUpdate } from '../../key-update';
import { FRESHNESS_KEY } from '../../online-feature-store.constants';
import { OnlineFeatureStoreOptions, ResolvedStoreOptions, resolveStoreOptions } from '../../online-feature-store.options';
import { ApplyBatchParams, ApplyBatchResult, OnlineFeatureStore } from '../../online-feature-store.port';
import { batchOutcome } from '../../planning/batch-outcome';
import { ApplyUnit, planBatch } from '../../planning/plan-batch';
import { assertValidReads } from '../../reading/assert-valid-reads';
import { RecordRead } from '../../reading/record-read';
import { assertValidBatch } from '../../validation/assert-valid-batch';
import { Clock } from './clock';
import { MemoryFeatureData } from './memory-feature-data';

export interface MemoryOnlineFeatureStoreOptions extends OnlineFeatureStoreOptions {
  /** Share one keyspace between instances (default: a new one). */
  data?: MemoryFeatureData;
  /** Used when `data` is not given. */
  clock?: Clock;
}

/**
 * The embedded online store (`REDIS_URL` unset): the Redis driver's semantics, guards and TTLs
 * included, in one process's memory. It plans batches the same way, so outcomes match.
 */
export class MemoryOnlineFeatureStore implements OnlineFeatureStore {
  private readonly data: MemoryFeatureData;
  private readonly options: ResolvedStoreOptions;

  constructor(options: MemoryOnlineFeatureStoreOptions = {}) {
    this.options = resolveStoreOptions(options);
    this.data = options.data ?? new MemoryFeatureData(options.clock);
  }

  async applyBatch(params: ApplyBatchParams): Promise<ApplyBatchResult> {
    assertValidBatch(params);
    const units = planBatch(params.batchId, params.updates, this.options);
    const applied = units.filter((unit) => this.applyUnit(unit)).length;
    if (params.newestEventAt !== undefined) {
      const key = this.options.keyPrefix + FRESHNESS_KEY;
      const current = parseStoredNumber(this.data.string(key));
      if (current === null || params.newestEventAt > current) this.data.setString(key, String(params.newestEventAt));
    }
    return batchOutcome(units.length, applied);
  }

  async readMany(keys: readonly string[]): Promise<(FeatureRecord | null)[]> {
    return keys.map((key) => this.readOne(key));
  }

  async readRecords(reads: readonly RecordRead[]): Promise<(FeatureRecord | null)[]> {
    assertValidReads(reads);
    const records: (FeatureRecord | null)[] = [];
    for (const read of reads) {
      let key: string | undefined;
      if (typeof read === 'string') key = read;
      else {
        const value = records[read.via]?.[read.field];
        key = value === undefined ? undefined : `${read.prefix}${value}${read.suffix ?? ''}`;
      }
      records.push(key === undefined ? null : this.readOne(key));
    }
    return records;
  }

  async freshness(): Promise<number | null> {
    return parseStoredNumber(this.data.string(this.options.keyPrefix + FRESHNESS_KEY));
  }

  async ping(): Promise<void> {
    // Always there.
  }

  async close(): Promise<void> {
    // Nothing to release.
  }

  private readOne(key: string): FeatureRecord | null {
    const fields = this.data.hash(this.options.keyPrefix + key);
    if (!fields || fields.size === 0) return null;
    const record: FeatureRecord = {};
    for (const [field, value] of fields) record[field] = decodeFeatureValue(value);
    return record;
  }

  /** Mirrors the Redis script step by step (see apply-group.lua.ts). */
  private applyUnit(unit: ApplyUnit): boolean {
    if (this.data.string(unit.guardKey) !== undefined) return false;
    this.data.setString(unit.guardKey, '1', this.options.guardTtlSeconds);
    for (const update of unit.updates) this.applyUpdate(this.options.keyPrefix + update.key, update);
    return true;
  }

  private applyUpdate(key: string, { incr = {}, max = {}, min = {}, latest = [], expireSeconds, expiry, caps = [] }: KeyUpdate): void {
    const read = (field: string) => parseStoredNumber(this.data.hash(key)?.get(field));
    const write = (field: string, value: string) => this.data.hashForWrite(key).set(field, value);
    if (expiry !== undefined && expireSeconds !== undefined) {
      const newest = read(expiry.field);
      if (newest !== null && newest <= expiry.since - expireSeconds * 1000) this.data.deleteHash(key);
    }
    for (const [field, delta] of Object.entries(incr)) write(field, formatFeatureNumber((read(field) ?? 0) + delta));
    for (const [field, value] of Object.entries(max)) {
      const current = read(field);
      if (current === null || value > current) write(field, String(value));
    }
    for (const [field, value] of Object.entries(min)) {
      const current = read(field);
      if (current === null || value < current) write(field, String(value));
    }
    for (const { group, at, tiebreak, fields } of latest) {
      const stamp = stampFieldsOf(group);
      const stored = { at: read(stamp.at), tiebreak: this.data.hash(key)?.get(stamp.tiebreak) };
      if (!isNewerStamp(stored, at, tiebreak)) continue;
      for (const [field, value] of Object.entries(fields)) write(field, String(value));
      write(stamp.at, String(at));
      write(stamp.tiebreak, tiebreak);
    }
    const fields = this.data.hash(key);
    if (fields) for (const cap of caps) trimStoredSet(fields, cap);
    if (expireSeconds !== undefined) this.data.expire(key, expireSeconds);
  }
}

/** The reference trim (`trimCappedSet`) on a hash's stored strings. */
function trimStoredSet(fields: Map<string, string>, cap: FieldCap): void {
  const record: Record<string, string> = {};
  for (const [field, value] of fields) if (field.startsWith(cap.prefix)) record[field] = value;
  trimCappedSet(record, cap);
  for (const field of fields.keys()) if (field.startsWith(cap.prefix) && !(field in record)) fields.delete(field);
}
