import { rejectionOf, type EventRejection } from '../schema/event-rejection';
import { REES46_COLUMNS, type RawEvent } from '../schema/raw-event';
import type { SourceRecord } from './source-record';

const ID_COLUMNS: ReadonlySet<string> = new Set(['product_id', 'category_id', 'user_id']);

/**
 * One parsed JSON value as a raw event. Numbers become their text, except ids that are not safe
 * integers: JSON.parse has already rounded them (a 19-digit category id does not fit a double),
 * so they are rejected rather than stored wrong.
 */
export function rawEventFromJson(value: unknown, line: number, textOf: () => string): SourceRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    const text = textOf();
    return { line, text, unreadable: [rejectionOf(line, 'record', text, 'json_object', `is ${kind}, not a JSON object`)] };
  }
  const fields = value as Record<string, unknown>;
  const raw = {} as RawEvent;
  let unreadable: EventRejection[] | undefined;
  for (const column of REES46_COLUMNS) {
    const field = fields[column];
    if (field === undefined || field === null) {
      raw[column] = '';
    } else if (typeof field === 'string') {
      raw[column] = field;
    } else if (typeof field === 'number') {
      raw[column] = String(field);
      if (ID_COLUMNS.has(column) && Number.isInteger(field) && !Number.isSafeInteger(field)) {
        (unreadable ??= []).push(
          rejectionOf(
            line,
            column,
            raw[column],
            'id_as_string',
            'arrived as a JSON number beyond 2^53, so its exact digits are already lost; send ids as JSON strings',
          ),
        );
      }
    } else {
      raw[column] = JSON.stringify(field) ?? String(field);
      (unreadable ??= []).push(rejectionOf(line, column, raw[column], 'json_type', `is a JSON ${Array.isArray(field) ? 'array' : typeof field}, expected a string or number`));
    }
  }
  return unreadable === undefined ? { line, raw } : { line, text: textOf(), unreadable };
}
