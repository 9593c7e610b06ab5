/**
 * The bounds every clean event keeps (DESIGN.md section 5): the offline store's column lengths
 * (libs/offline-store sizes its columns from these) and a plausible time window. A record over a
 * bound is rejected on its own at cleaning, so no store ever refuses a clean event.
 */
export const EVENT_LIMITS = {
  /** Ids are unsigned 64-bit decimals at most (REES46 category ids have 19 digits). */
  idDigits: 20,
  /** Characters (UTF-16 code units, never fewer than PostgreSQL's characters) of `brand`. */
  brandLength: 255,
  /** Characters of `category_code`... */
  categoryCodeLength: 255,
  /** ...and of each of its first two segments, stored as `category_l1` and `category_l2`. */
  categoryLevelLength: 128,
  /** The earliest `event_time` accepted: 2000-01-01T00:00:00Z. */
  earliestEventTimeMs: Date.UTC(2000, 0, 1),
  /** How far past the clock `event_time` may be (clocks drift; a day more is a bad clock or a bad row). */
  futureToleranceMs: 86_400_000,
} as const;
