import { hash } from 'node:crypto';
import type { CleanEvent } from '../schema/clean-event';

/** The normalised fields an event id covers (everything but the derived ones). */
export type EventIdFields = Pick<
  CleanEvent,
  'event_time' | 'event_type' | 'product_id' | 'category_id' | 'category_code' | 'brand' | 'price' | 'user_id' | 'user_session'
>;

/**
 * `position.source` is the object's identity as the caller names it (e.g. `bronze/<key>`),
 * `position.line` the record's position in it.
 *
 * sha256 over source, line and normalised fields, cut to 128 bits (32 hex characters): the same
 * object replayed gives the same ids, identical rows on different lines stay distinct, and a
 * collision needs ~2^64 events. Fields are joined by newlines; the free-text ones are JSON-quoted
 * so that no content can shift a boundary (the others are validated digits, UUIDs and names).
 */
export function eventIdFor(input: EventIdFields, position: { source: string; line: number }): string {
  if (position.source !== lastSource) {
    lastSource = position.source;
    lastQuotedSource = JSON.stringify(position.source);
  }
  const text =
    `${lastQuotedSource}\n${position.line}\n${input.event_time}\n${input.event_type}\n${input.product_id}\n` +
    `${input.category_id}\n${quoted(input.category_code)}\n${quoted(input.brand)}\n` +
    `${input.price}\n${input.user_id}\n${input.user_session}`;
  return hash('sha256', text, 'hex').slice(0, 32);
}

// Every event of an object has the same source: it is quoted once per object, not per event.
let lastSource = '';
let lastQuotedSource = '""';

// Text JSON.stringify leaves as it is (no quote, backslash, control character or surrogate).
// eslint-disable-next-line no-control-regex
const NOTHING_TO_ESCAPE = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/** `JSON.stringify(value ?? '')`, without its cost for the usual text that needs no escaping. */
function quoted(value: string | undefined): string {
  if (value === undefined) return '""';
  return NOTHING_TO_ESCAPE.test(value) ? `"${value}"` : JSON.stringify(value);
}
