import { FeatureRecord, isNewerStamp, KeyUpdate } from './key-update';

/**
 * Records in memory with the reference semantics of `KeyUpdate`s, which both online store
 * drivers follow (their contract suite compares against it). The trainer replays history
 * through it; given the time of each update it also expires records as the online store's TTLs
 * do, so a replay over months keeps only live keys in memory.
 */
export class FeatureState {
  private readonly entries = new Map<string, { record: FeatureRecord; expiresAt: number }>();

  /**
   * Applies updates. With `at` (epoch ms, the time of the events they come from), a record whose
   * TTL ran out by then is dropped before the update, as the online store would have dropped it,
   * and every updated key lives `expireSeconds` from `at` (each update refreshes the TTL).
   */
  apply(updates: Iterable<KeyUpdate>, at?: number): void {
    for (const update of updates) {
      let entry = this.entries.get(update.key);
      if (!entry || (at !== undefined && entry.expiresAt <= at)) {
        entry = { record: newRecord(), expiresAt: Infinity };
        this.entries.set(update.key, entry);
      }
      applyKeyUpdate(entry.record, update);
      if (at !== undefined && update.expireSeconds !== undefined) entry.expiresAt = at + update.expireSeconds * 1000;
    }
  }

  /** Drops every record whose TTL ran out by `at`; returns how many. */
  expire(at: number): number {
    let dropped = 0;
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > at) continue;
      this.entries.delete(key);
      dropped++;
    }
    return dropped;
  }

  read(key: string): FeatureRecord | null {
    return this.entries.get(key)?.record ?? null;
  }

  keys(): IterableIterator<string> {
    return this.entries.keys();
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * An empty record. Null-prototype objects start in V8's dictionary mode: records gain fields
 * named after products and sessions (`p:<id>`, `s:<id>`), which would otherwise give V8 a new
 * hidden class per distinct name and slow the offline replay several times over.
 */
function newRecord(): FeatureRecord {
  return Object.create(null) as FeatureRecord;
}

/** Applies one update to one record in place: the reference semantics every store follows. */
export function applyKeyUpdate(record: FeatureRecord, update: KeyUpdate): void {
  // for...in rather than Object.entries: the offline replay applies millions of updates.
  const { incr, max, min } = update;
  for (const field in incr) record[field] = Number(record[field] ?? 0) + (incr[field] as number);
  for (const field in max) {
    const value = max[field] as number;
    const current = record[field];
    if (current === undefined || value > Number(current)) record[field] = value;
  }
  for (const field in min) {
    const value = min[field] as number;
    const current = record[field];
    if (current === undefined || value < Number(current)) record[field] = value;
  }
  for (const { group, at, tiebreak, fields } of update.latest ?? []) {
    if (!isNewerStamp(record, group, at, tiebreak)) continue;
    Object.assign(record, fields);
    record[`${group}_at`] = at;
    record[`${group}_tb`] = tiebreak;
  }
}
