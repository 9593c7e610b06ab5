import { FeatureRecord, isNewerStamp, KeyUpdate } from './key-update';

/**
 * Records in memory with the reference semantics of `KeyUpdate`s (TTLs aside), which both online
 * store drivers follow (their contract suite compares against it). The trainer replays history
 * through it.
 */
export class FeatureState {
  private readonly records = new Map<string, FeatureRecord>();

  apply(updates: Iterable<KeyUpdate>): void {
    for (const update of updates) applyKeyUpdate(this.recordFor(update.key), update);
  }

  read(key: string): FeatureRecord | null {
    return this.records.get(key) ?? null;
  }

  keys(): IterableIterator<string> {
    return this.records.keys();
  }

  delete(key: string): void {
    this.records.delete(key);
  }

  get size(): number {
    return this.records.size;
  }

  private recordFor(key: string): FeatureRecord {
    let record = this.records.get(key);
    if (!record) {
      record = {};
      this.records.set(key, record);
    }
    return record;
  }
}

/** Applies one update to one record in place: the reference semantics every store follows. */
export function applyKeyUpdate(record: FeatureRecord, update: KeyUpdate): void {
  for (const [field, amount] of Object.entries(update.incr ?? {})) record[field] = Number(record[field] ?? 0) + amount;
  for (const [field, value] of Object.entries(update.max ?? {})) {
    if (record[field] === undefined || value > Number(record[field])) record[field] = value;
  }
  for (const [field, value] of Object.entries(update.min ?? {})) {
    if (record[field] === undefined || value < Number(record[field])) record[field] = value;
  }
  for (const { group, at, tiebreak, fields } of update.latest ?? []) {
    if (!isNewerStamp(record, group, at, tiebreak)) continue;
    Object.assign(record, fields);
    record[`${group}_at`] = at;
    record[`${group}_tb`] = tiebreak;
  }
}
