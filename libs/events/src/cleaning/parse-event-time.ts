// "2019-11-01 00:00:00 UTC" (REES46) or ISO 8601 with a zone: Z, UTC, +hh:mm, +hhmm or +hh.
// Hand-written because Date.parse accepts far more (and reads zone-less text as local time).
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)? ?(Z|UTC|[+-]\d{2}(?::?\d{2})?)$/i;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A parsed instant: epoch milliseconds and the normalised ISO text (`...T00:00:00.000Z`). */
export interface EventInstant {
  ms: number;
  iso: string;
}

function daysIn(year: number, month: number): number {
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  // 0 days for a month outside 1..12: no day fits, so the date is refused.
  return leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

function offsetMinutes(zone: string): number {
  if (zone[0] !== '+' && zone[0] !== '-') return 0; // Z or UTC
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return hours > 23 || minutes > 59 ? Number.NaN : sign * (hours * 60 + minutes);
}

function instantOf(text: string): EventInstant | undefined {
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = '00', fraction = '', zone = ''] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const offset = offsetMinutes(zone);
  const valid =
    year >= 1970 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysIn(year, month) &&
    Number(h) <= 23 &&
    Number(mi) <= 59 &&
    Number(s) <= 59 &&
    !Number.isNaN(offset);
  if (!valid) return undefined;
  const millis = fraction.slice(0, 3).padEnd(3, '0');
  const ms = Date.UTC(year, month - 1, day, Number(h), Number(mi), Number(s), Number(millis)) - offset * 60_000;
  if (ms < 0) return undefined;
  // Date#toISOString costs about a microsecond; in UTC the text is already in hand.
  const iso = offset === 0 ? `${y}-${mo}-${d}T${h}:${mi}:${s}.${millis}Z` : new Date(ms).toISOString();
  return { ms, iso };
}

// Real files are sorted by time and many rows share a second: remember the last answer.
let lastText = '';
let lastInstant: EventInstant | undefined;

/**
 * Parses a REES46 or ISO 8601 date-time with a zone; `undefined` when it is not a real instant
 * at or after 1970-01-01T00:00:00Z. Fractions beyond milliseconds are cut off.
 */
export function parseEventTime(text: string): EventInstant | undefined {
  if (text !== lastText) {
    lastInstant = instantOf(text);
    lastText = text;
  }
  return lastInstant;
}
