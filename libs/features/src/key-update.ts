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
}

export interface LatestValues {
  /** Names the stamp fields: `<group>_at` and `<group>_tb`. */
  group: string;
  at: number;
  /** Breaks ties between equal times in a way that does not depend on arrival order. */
  tiebreak: string;
  fields: Record<string, string | number>;
}

/** A stored record: every field as the store returns it. */
export type FeatureRecord = Record<string, string | number>;

/** Is (at, tiebreak) strictly newer than the stamp stored in `record` for `group`? */
export function isNewerStamp(record: FeatureRecord | undefined, group: string, at: number, tiebreak: string): boolean {
  const storedAt = record?.[`${group}_at`];
  if (storedAt === undefined) return true;
  const stored = Number(storedAt);
  if (at !== stored) return at > stored;
  return tiebreak > String(record?.[`${group}_tb`] ?? '');
}
