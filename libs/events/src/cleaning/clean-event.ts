import type { CleanEvent } from '../schema/clean-event';
import { isEventType } from '../schema/event-type';
import { rejectionOf, type EventRejection } from '../schema/event-rejection';
import { ID_DIGITS, SESSION_UUID } from '../schema/id-rules';
import { EVENT_LIMITS } from '../schema/event-limits';
import type { RawEvent } from '../schema/raw-event';
import { eventIdFor } from './event-id';
import { parseEventTime, type EventInstant } from './parse-event-time';

/** Where a record sits: the object's identity (chosen by the caller) and its line in it. */
export interface EventPosition {
  source: string;
  line: number;
}

/** Bounds that move with the clock; `eventBoundsAt(Date.now())` unless a caller pins them. */
export interface EventBounds {
  /** The latest `event_time` accepted (epoch ms): now plus `EVENT_LIMITS.futureToleranceMs`. */
  latestEventTimeMs: number;
}

export function eventBoundsAt(nowMs: number): EventBounds {
  return { latestEventTimeMs: nowMs + EVENT_LIMITS.futureToleranceMs };
}

export interface CleanOptions {
  /**
   * false: `event_id` is left `''` (no sha256). For a caller that stores the normalised fields
   * and lets the reader of the stored object derive the ids from its own key, as the gateway does.
   */
  eventId?: boolean;
}

export type CleanResult = { ok: true; event: CleanEvent } | { ok: false; rejections: EventRejection[] };

const DECIMAL = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
// Dot-separated names: letters, digits, underscores and hyphens (REES46 uses [a-z0-9_]).
const CATEGORY_CODE = /^[\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)*$/u;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
// PostgreSQL text cannot hold NUL; an unpaired surrogate has no UTF-8 form, so the stores would
// each write something else in its place. (Matching NUL is the point of this pattern.)
// eslint-disable-next-line no-control-regex
const UNSTORABLE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// Only emptiness means "absent": "nan" is a real REES46 brand (79 rows), so no text is taken
// for a missing-value marker, and absence is never written as "None".
function optional(value: string): string | undefined {
  const text = value.trim().toLowerCase();
  return text === '' ? undefined : text;
}

/**
 * The one validator: checks a raw record, normalises it and derives category levels, weekday,
 * hour and the event id. Every problem is reported, not only the first.
 *
 * Hand-written rather than a zod schema: each rule is one line, the dead-letter queue needs a
 * stable rule name per failure, and this runs once per event at stream rates.
 */
export function cleanEvent(
  raw: RawEvent,
  { source, line }: EventPosition,
  bounds: EventBounds = eventBoundsAt(Date.now()),
  { eventId = true }: CleanOptions = {},
): CleanResult {
  // The checks are plain functions handed `found`, not closures over a list: this runs once per
  // event, and four closures per call were a good part of what it allocated.
  const found: Found = { line, raw, rejections: undefined };

  const timeText = requiredText(found, 'event_time');
  const instant = timeText === undefined ? undefined : parseEventTime(timeText);
  if (timeText !== undefined && instant === undefined) {
    rejectInto(found, 'event_time', raw.event_time, 'date_time', 'must be a real date-time after 1970 as "YYYY-MM-DD HH:MM:SS UTC" or ISO 8601 with a zone');
  } else if (instant !== undefined && (instant.ms < EVENT_LIMITS.earliestEventTimeMs || instant.ms > bounds.latestEventTimeMs)) {
    const latest = new Date(bounds.latestEventTimeMs).toISOString();
    rejectInto(found, 'event_time', raw.event_time, 'time_range', `must be between 2000-01-01T00:00:00Z and one day past the clock (${latest})`);
  }

  const eventType = requiredText(found, 'event_type')?.toLowerCase() ?? '';
  if (eventType !== '' && !isEventType(eventType)) {
    rejectInto(found, 'event_type', raw.event_type, 'event_type', 'must be one of view, cart, remove_from_cart, purchase');
  }

  const productId = digitsText(found, 'product_id');
  const categoryId = digitsText(found, 'category_id');
  const userId = digitsText(found, 'user_id');

  const categoryCode = optional(raw.category_code);
  if (categoryCode !== undefined && isStorable(found, 'category_code', categoryCode, EVENT_LIMITS.categoryCodeLength)) {
    if (!CATEGORY_CODE.test(categoryCode)) {
      rejectInto(found, 'category_code', raw.category_code, 'category_code', 'must be dot-separated names of letters, digits, _ and -');
    } else if (longLevel(categoryCode)) {
      const why = `has a first or second segment longer than the ${EVENT_LIMITS.categoryLevelLength} characters the stores keep`;
      rejectInto(found, 'category_code', raw.category_code, 'max_length', why);
    }
  }
  const brand = optional(raw.brand);
  if (brand !== undefined) isStorable(found, 'brand', brand, EVENT_LIMITS.brandLength);

  const priceText = requiredText(found, 'price');
  let price = Number.NaN;
  if (priceText !== undefined) {
    price = DECIMAL.test(priceText) ? Number(priceText) : Number.NaN;
    if (!Number.isFinite(price)) rejectInto(found, 'price', raw.price, 'number', 'must be a finite decimal number');
    else if (price < 0) rejectInto(found, 'price', raw.price, 'non_negative', 'must be >= 0');
    else if (price === 0) price = 0; // folds -0 into 0
  }

  const session = requiredText(found, 'user_session')?.toLowerCase();
  if (session !== undefined && !SESSION_UUID.test(session)) {
    rejectInto(found, 'user_session', raw.user_session, 'uuid', 'must be a UUID (8-4-4-4-12 hexadecimal digits)');
  }

  if (found.rejections !== undefined) return { ok: false, rejections: found.rejections };

  const { ms: eventTimeMs, iso: eventTime } = instant as EventInstant;
  const event: CleanEvent = {
    event_id: '',
    event_time: eventTime,
    event_time_ms: eventTimeMs,
    event_type: eventType as CleanEvent['event_type'],
    product_id: productId,
    category_id: categoryId,
    user_id: userId,
    price,
    user_session: session as string,
    // 1970-01-01 was a Thursday (3 when Monday is 0).
    weekday: (Math.floor(eventTimeMs / DAY_MS) + 3) % 7,
    hour: Math.floor((eventTimeMs % DAY_MS) / HOUR_MS),
  };
  if (categoryCode !== undefined) {
    const first = categoryCode.indexOf('.');
    event.category_code = categoryCode;
    event.category_l1 = first === -1 ? categoryCode : categoryCode.slice(0, first);
    if (first !== -1) {
      const second = categoryCode.indexOf('.', first + 1);
      event.category_l2 = categoryCode.slice(first + 1, second === -1 ? undefined : second);
    }
  }
  if (brand !== undefined) event.brand = brand;
  if (eventId) event.event_id = eventIdFor(event, { source, line });
  return { ok: true, event };
}

/** What one `cleanEvent` call has found wrong so far. */
interface Found {
  line: number;
  raw: RawEvent;
  rejections: EventRejection[] | undefined;
}

function rejectInto(found: Found, field: keyof RawEvent, value: string, rule: EventRejection['rule'], why: string): void {
  (found.rejections ??= []).push(rejectionOf(found.line, field, value, rule, why));
}

function requiredText(found: Found, field: keyof RawEvent): string | undefined {
  const text = found.raw[field].trim();
  if (text === '') rejectInto(found, field, found.raw[field], 'required', 'is required');
  return text === '' ? undefined : text;
}

function digitsText(found: Found, field: 'product_id' | 'category_id' | 'user_id'): string {
  const text = requiredText(found, field);
  if (text !== undefined && !ID_DIGITS.test(text)) rejectInto(found, field, found.raw[field], 'digits', `must be 1 to ${EVENT_LIMITS.idDigits} decimal digits`);
  return text ?? '';
}

function isStorable(found: Found, field: 'brand' | 'category_code', text: string, maxLength: number): boolean {
  if (text.length > maxLength) {
    rejectInto(found, field, found.raw[field], 'max_length', `is ${text.length} characters long, more than the ${maxLength} the stores keep`);
    return false;
  }
  if (UNSTORABLE_TEXT.test(text)) {
    rejectInto(found, field, found.raw[field], 'text', 'holds a NUL character or an unpaired surrogate, which the stores cannot keep');
    return false;
  }
  return true;
}

/** Whether `category_l1` or `category_l2` of a valid code would exceed its column. */
function longLevel(code: string): boolean {
  const limit = EVENT_LIMITS.categoryLevelLength;
  if (code.length <= limit) return false;
  const first = code.indexOf('.');
  if (first === -1 || first > limit) return true;
  const second = code.indexOf('.', first + 1);
  return (second === -1 ? code.length : second) - first - 1 > limit;
}
