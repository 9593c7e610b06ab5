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
  const ids: string[] = [];
  const times: number[] = [];
  const dates: string[] = [];
  const types: string[] = [];
  const products: string[] = [];
  const categories: string[] = [];
  const codes: Optional[] = [];
  const levels1: Optional[] = [];
  const levels2: Optional[] = [];
  const brands: Optional[] = [];
  const prices: number[] = [];
  const users: string[] = [];
  const sessions: string[] = [];
  const weekdays: number[] = [];
  const hours: number[] = [];
  const lines: number[] = [];
  for (const { event, line } of events) {
    ids.push(event.event_id);
    times.push(event.event_time_ms);
    dates.push(event.event_time.slice(0, 10));
    types.push(event.event_type);
    products.push(event.product_id);
    categories.push(event.category_id);
    codes.push(event.category_code);
    levels1.push(event.category_l1);
    levels2.push(event.category_l2);
    brands.push(event.brand);
    prices.push(event.price);
    users.push(event.user_id);
    sessions.push(event.user_session);
    weekdays.push(event.weekday);
    hours.push(event.hour);
    lines.push(line);
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
