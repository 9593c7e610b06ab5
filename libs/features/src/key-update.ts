/**
 * One key's change, made only of commutative operations so that the order in which objects are
 * applied never changes the result (DESIGN.md section 6). The online store applies these
 * atomically; `FeatureState` applies them in memory for the offline replay.
 */
export interface KeyUpdate {
  key: string;
  /** Added to the field (missing counts as 0). */
  incr?: Record<string, number>;
  /** The field becomes the larger of it and this value. */
  max?: Record<string, number>;
  /** The field becomes the smaller of it and this value. */
  min?: Record<string, number>;
  /** Last value by time: written when (at, tiebreak) is newer than the group's stored stamp. */
  latest?: LatestValues[];
  /** Time to live of the whole key, refreshed by every update. */
  expireSeconds?: number;
  /**
   * The time to live in event time (DESIGN.md section 6): with `expireSeconds`, the stored record
   * has expired, and is dropped before this update, when its `field` (the newest event time it
   * holds, epoch ms) is `expireSeconds` or more before `since` (this update's oldest event time).
   */
  expiry?: EventTimeExpiry;
  /** Capped sets, trimmed after the update (see `FieldCap`). */
  caps?: FieldCap[];
}

interface EventTimeExpiry {
  field: string;
  since: number;
}

/**
 * A set kept in fields named `<prefix><member>`, each holding the member's newest event time
 * (written with `max`). After an update only the `keep` newest members remain, ties broken by the
 * greater member name in UTF-8 byte order. Keeping the top `keep` of a max-merged set is
 * commutative, so the order in which objects arrive still does not matter.
 */
export interface FieldCap {
  prefix: string;
  keep: number;
}

interface LatestValues {
  /** Names the stamp fields: `<group>_at` and `<group>_tb`. */
  group: string;
  at: number;
  /** Breaks ties between equal times in a way that does not depend on arrival order. */
  tiebreak: string;
  fields: Record<string, string | number>;
}

/** A stored record: every field as the store returns it. */
export type FeatureRecord = Record<string, string | number>;

/** Has the stored record expired in event time before `update` (see `KeyUpdate.expiry`)? */
export function hasExpiredBefore(record: FeatureRecord, update: KeyUpdate): boolean {
  const { expiry, expireSeconds } = update;
  if (expiry === undefined || expireSeconds === undefined) return false;
  const newest = record[expiry.field];
  return newest !== undefined && Number(newest) <= expiry.since - expireSeconds * 1000;
}

/** Drops the members of a capped set beyond its `keep` newest, in place (see `FieldCap`). */
export function trimCappedSet(fields: Record<string, string | number>, { prefix, keep }: FieldCap): void {
  const members: string[] = [];
  for (const field in fields) if (field.startsWith(prefix)) members.push(field);
  if (members.length <= keep) return;
  const time = (field: string) => {
    const value = Number(fields[field]);
    return Number.isNaN(value) ? -Infinity : value;
  };
  members.sort((a, b) => time(b) - time(a) || compareUtf8(b, a));
  for (let i = keep; i < members.length; i++) delete fields[members[i] as string];
}

/**
 * Orders strings by their UTF-8 bytes (code point order), as the Redis script compares them: UTF-16
 * code units order surrogates (U+D800-DFFF) before U+E000-FFFF, code points after.
 */
export function compareUtf8(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  return unit >= 0xe000 ? unit - 0x800 : unit;
}

/** Is (at, tiebreak) strictly newer than the stamp stored in `record` for `group`? */
export function isNewerStamp(record: FeatureRecord | undefined, group: string, at: number, tiebreak: string): boolean {
  const storedAt = record?.[`${group}_at`];
  if (storedAt === undefined) return true;
  const stored = Number(storedAt);
  if (at !== stored) return at > stored;
  return tiebreak > String(record?.[`${group}_tb`] ?? '');
}
