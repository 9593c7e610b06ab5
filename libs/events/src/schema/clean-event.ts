import type { EventType } from './event-type';

/**
 * A validated, normalised event. Field names keep the REES46 spelling so that the lake, the
 * offline store and the Redis hashes all speak the same words.
 */
export interface CleanEvent {
  /** Deterministic: sha256 over source, line and the normalised fields (see `eventIdFor`). */
  event_id: string;
  /** Normalised ISO 8601 in UTC with milliseconds, e.g. `2019-11-01T00:00:00.000Z`. */
  event_time: string;
  /** The same instant as epoch milliseconds. */
  event_time_ms: number;
  event_type: EventType;
  /** Decimal digit strings, kept exactly as sent (never through a JS number). */
  product_id: string;
  category_id: string;
  user_id: string;
  /** Lower-case dotted code, e.g. `electronics.smartphone`; absent when the source had none. */
  category_code?: string;
  /** First segment of `category_code` (`electronics`); absent with it. */
  category_l1?: string;
  /** Second segment of `category_code` (`smartphone`); absent when the code has one segment. */
  category_l2?: string;
  /** Lower-case brand; absent when the source had none (never the string "None"). */
  brand?: string;
  /** Finite and >= 0. */
  price: number;
  /** Lower-case UUID text (8-4-4-4-12 hex digits; the version nibble is not checked). */
  user_session: string;
  /** UTC weekday: 0 = Monday ... 6 = Sunday (ISO 8601 numbering minus one). */
  weekday: number;
  /** UTC hour, 0-23. */
  hour: number;
}
