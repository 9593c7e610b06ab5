import { FeatureRecord, hasExpiredBefore, isNewerStamp, KeyUpdate, trimCappedSet } from './key-update';

/**
 * Records in memory with the reference semantics of `KeyUpdate`s, which both online store
 * drivers follow (their contract suite compares against it). The trainer replays history
 * through it, and the parity tests compare it with Redis: updates carry their event-time expiry
 * and caps, so a record expires here exactly when the online store drops it (`applyKeyUpdate`).
 */
export class FeatureState {
  private readonly entries = new Map<string, { record: FeatureRecord; expiresAt: number }>();

  /** Applies updates in order, as the online store does (expiry and caps included). */
  apply(updates: Iterable<KeyUpdate>): void {
    for (const update of updates) {
      let entry = this.entries.get(update.key);
      if (!entry) {
        entry = { record: newRecord(), expiresAt: Infinity };
        this.entries.set(update.key, entry);
      }
      applyKeyUpdate(entry.record, update);
      const { expiry, expireSeconds } = update;
      if (expiry !== undefined && expireSeconds !== undefined) {
        entry.expiresAt = Number(entry.record[expiry.field] ?? expiry.since) + expireSeconds * 1000;
      }
    }
  }

  /**
   * Frees the records that expired in event time by `at` (epoch ms): the next update would drop
   * them anyway (`KeyUpdate.expiry`), so a replay over months keeps only live keys in memory.
   * Returns how many.
   */
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

/**
 * Applies one update to one record in place: the reference semantics every store follows. An
 * expired record is emptied first; capped sets are trimmed last.
 */
function applyKeyUpdate(record: FeatureRecord, update: KeyUpdate): void {
  if (hasExpiredBefore(record, update)) for (const field in record) delete record[field];
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
  for (const cap of update.caps ?? []) trimCappedSet(record, cap);
}
