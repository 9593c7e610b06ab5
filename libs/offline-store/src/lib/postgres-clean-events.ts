import type { LakeObjectId } from '@platform/common';
import type { SourcedEvent } from './offline-event-store';

/**
 * One object's events as one PostgreSQL statement: a text array literal per column, unnested
 * server-side, the source bucket and key bound once. The literals are written here, in one pass
 * over the events, rather than by node-postgres from JavaScript arrays of row objects: its
 * per-element escaping and TypeORM's per-cell value lookup were about a sixth of the stream
 * processor's CPU (profile of the stream benchmark, issue 12). Rows already stored (same
 * `event_id`) are skipped, so a redone object inserts nothing twice.
 */
export function cleanEventsInsert(ref: LakeObjectId, events: readonly SourcedEvent[]): { sql: string; parameters: string[] } {
  // Columns sized up front and filled by index: no growth copies of sixteen 5,000-element arrays.
  const n = events.length;
  const ids = new Array<string>(n);
  const times = new Array<number>(n);
  const dates = new Array<string>(n);
  const types = new Array<string>(n);
  const products = new Array<string>(n);
  const categories = new Array<string>(n);
  const codes = new Array<Optional>(n);
  const levels1 = new Array<Optional>(n);
  const levels2 = new Array<Optional>(n);
  const brands = new Array<Optional>(n);
  const prices = new Array<number>(n);
  const users = new Array<string>(n);
  const sessions = new Array<string>(n);
  const weekdays = new Array<number>(n);
  const hours = new Array<number>(n);
  const lines = new Array<number>(n);
  let lastTime = '';
  let lastDate = '';
  for (let i = 0; i < n; i++) {
    const { event, line } = events[i] as SourcedEvent;
    ids[i] = event.event_id;
    times[i] = event.event_time_ms;
    // Events of an object come mostly in time order: one date string per run of the same time.
    if (event.event_time !== lastTime) {
      lastTime = event.event_time;
      lastDate = lastTime.slice(0, 10);
    }
    dates[i] = lastDate;
    types[i] = event.event_type;
    products[i] = event.product_id;
    categories[i] = event.category_id;
    codes[i] = event.category_code;
    levels1[i] = event.category_l1;
    levels2[i] = event.category_l2;
    brands[i] = event.brand;
    prices[i] = event.price;
    users[i] = event.user_id;
    sessions[i] = event.user_session;
    weekdays[i] = event.weekday;
    hours[i] = event.hour;
    lines[i] = line;
  }
  const parameters = [
    textArray(ids),
    numberArray(times),
    textArray(dates),
    textArray(types),
    textArray(products),
    textArray(categories),
    textArray(codes),
    textArray(levels1),
    textArray(levels2),
    textArray(brands),
    numberArray(prices),
    textArray(users),
    textArray(sessions),
    numberArray(weekdays),
    numberArray(hours),
    numberArray(lines),
    ref.bucket,
    ref.key,
  ];
  return { sql: INSERT_SQL, parameters };
}

const INSERT_SQL = `INSERT INTO clean_events (event_id, event_time_ms, event_date, event_type, product_id, category_id, category_code,
  category_l1, category_l2, brand, price, user_id, user_session, weekday, hour, source_line, source_bucket, source_key)
SELECT e.*, $17, $18 FROM unnest($1::text[], $2::float8[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
  $9::text[], $10::text[], $11::float8[], $12::text[], $13::text[], $14::int4[], $15::int4[], $16::int4[]) AS e
ON CONFLICT DO NOTHING`;

/** `{1,2.5,...}`: JavaScript's number text reads back as the same double in PostgreSQL. */
function numberArray(values: number[]): string {
  return `{${values.join(',')}}`;
}

type Optional = string | null | undefined;

/** `{"a","b\"c",NULL}`: every element quoted, backslash and double quote escaped; absent is NULL. */
function textArray(values: Optional[]): string {
  // The usual column (nothing absent, nothing to escape) is one join, not a concatenation per element.
  let plain = true;
  for (let i = 0; i < values.length && plain; i++) {
    const value = values[i];
    plain = value !== undefined && value !== null && !NEEDS_ESCAPE.test(value);
  }
  if (plain) return values.length === 0 ? '{}' : `{"${values.join('","')}"}`;
  let literal = '{';
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i > 0) literal += ',';
    if (value === undefined || value === null) literal += 'NULL';
    else literal += `"${NEEDS_ESCAPE.test(value) ? value.replace(ESCAPED, '\\$&') : value}"`;
  }
  return `${literal}}`;
}

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;
