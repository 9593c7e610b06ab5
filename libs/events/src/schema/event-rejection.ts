import type { Rees46Column } from './raw-event';

/**
 * Why a record was turned away. Stable names: they travel to `data_streaming.dlq` and into
 * metrics labels.
 */
export type EventRule =
  /** A required field is empty or missing. */
  | 'required'
  /** `event_time` is not "YYYY-MM-DD HH:MM:SS UTC" or ISO 8601 with a zone, or not a real date. */
  | 'date_time'
  /** `event_time` is before 2000-01-01 or more than a day past the clock (`EVENT_LIMITS`). */
  | 'time_range'
  /** `brand` or `category_code` (or one of its first two segments) is longer than the stores keep. */
  | 'max_length'
  /** Free text holds a NUL character or an unpaired surrogate, which the stores cannot keep. */
  | 'text'
  /** `event_type` is not view, cart, remove_from_cart or purchase. */
  | 'event_type'
  /** An id is not 1 to 20 decimal digits. */
  | 'digits'
  /** A 19-digit id arrived as a JSON number beyond 2^53: its digits are already lost. */
  | 'id_as_string'
  /** `price` is not a decimal number. */
  | 'number'
  /** `price` is negative. */
  | 'non_negative'
  /** `category_code` is not dot-separated names of letters, digits, `_` and `-`. */
  | 'category_code'
  /** `user_session` is not a UUID. */
  | 'uuid'
  /** A JSON field holds an object, array or boolean where text or a number belongs. */
  | 'json_type'
  /** An NDJSON line is not valid JSON. */
  | 'json'
  /** A JSON line or array element is not an object. */
  | 'json_object'
  /** A CSV row could not be split into fields (bad quoting). */
  | 'csv';

/** The field a rejection names; `record` when the record as a whole could not be read. */
export type RejectedField = Rees46Column | 'record';

/** One problem with one record. A record may have several. */
export interface EventRejection {
  /** Position in the source object: see `ParsedRecord.line`. */
  line: number;
  field: RejectedField;
  /** The offending value as received (cut to 200 characters). */
  value: string;
  rule: EventRule;
  /** One readable sentence naming line, field, value and rule. */
  message: string;
}

const MAX_VALUE_LENGTH = 200;

export function rejectionOf(line: number, field: RejectedField, value: string, rule: EventRule, why: string): EventRejection {
  const shown = value.length > MAX_VALUE_LENGTH ? `${value.slice(0, MAX_VALUE_LENGTH)}…` : value;
  return { line, field, value: shown, rule, message: `line ${line}: ${field} ${JSON.stringify(shown)} ${why} (${rule})` };
}
