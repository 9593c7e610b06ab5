import { cleanEvent, eventBoundsAt } from '../cleaning/clean-event';
import { UnsupportedFormatError } from '../errors/unsupported-format.error';
import type { CleanEvent } from '../schema/clean-event';
import type { EventRejection } from '../schema/event-rejection';
import type { RawEvent } from '../schema/raw-event';
import type { ByteChunk } from './decoded-chunks';
import type { EventFormat } from './event-format';
import { readCsvRecords } from './read-csv-records';
import { readJsonArrayRecords } from './read-json-array-records';
import { readNdjsonRecords } from './read-ndjson-records';
import type { SourceRecord } from './source-record';

export interface ParseEventsOptions {
  format: EventFormat;
  /** The object's identity, part of every event id: e.g. `bronze/<key>` or any stable source id. */
  source: string;
  /** Records per yielded batch (default 1000). */
  batchSize?: number;
  /** Size limit for a JSON array, which is parsed whole (default 64 MiB). */
  maxJsonBytes?: number;
  /** Limit on the decompressed size of any input (default none): past it, `InputTooLargeError`. */
  maxInflatedBytes?: number;
  /** The clock for the `event_time` window (epoch ms; default: when parsing starts). */
  nowMs?: number;
  /** false: events come with `event_id` `''` (see `CleanOptions`); default true. */
  eventIds?: boolean;
}

/**
 * `line` is the record's position in its object: the physical line for CSV (header = 1) and
 * NDJSON (first line = 1), the 1-based element index for a JSON array.
 */
export type ParsedRecord =
  | { ok: true; line: number; event: CleanEvent }
  | {
      ok: false;
      line: number;
      /** The fields as received, or the text of a record that could not be split into fields. */
      raw: RawEvent | string;
      rejections: EventRejection[];
    };

function readerFor(input: AsyncIterable<ByteChunk>, options: ParseEventsOptions): AsyncIterable<SourceRecord[]> {
  switch (options.format) {
    case 'csv':
      return readCsvRecords(input, options.maxInflatedBytes);
    case 'ndjson':
      return readNdjsonRecords(input, options.maxInflatedBytes);
    case 'json':
      return readJsonArrayRecords(input, options.maxJsonBytes ?? 64 * 1024 * 1024, options.maxInflatedBytes);
    default:
      throw new UnsupportedFormatError(undefined, `format ${String(options.format)}`);
  }
}

/**
 * Streams an object's events in source order, in batches: valid records cleaned, invalid ones
 * with every reason. A bad record never stops the object; an unreadable object throws an
 * `EventInputError` (after yielding every complete record before a gzip truncation). Gzip is
 * detected by its magic bytes. The caller opens and owns `input` (a Readable or any async
 * iterable of bytes), so this library does no I/O.
 */
export async function* parseEvents(input: AsyncIterable<ByteChunk>, options: ParseEventsOptions): AsyncGenerator<ParsedRecord[]> {
  const batchSize = options.batchSize ?? 1000;
  const { source } = options;
  const bounds = eventBoundsAt(options.nowMs ?? Date.now());
  const clean = { eventId: options.eventIds ?? true };
  let batch: ParsedRecord[] = [];
  let failure: unknown;
  let failed = false;
  const reader = readerFor(input, options)[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<SourceRecord[]>;
    try {
      next = await reader.next();
    } catch (error) {
      // Hand out what was read before an object-level failure, then report it.
      failure = error;
      failed = true;
      break;
    }
    if (next.done) break;
    const records = next.value;
    for (const record of records) {
      if (record.unreadable !== undefined) {
        batch.push({ ok: false, line: record.line, raw: record.text, rejections: record.unreadable });
      } else {
        const result = cleanEvent(record.raw, { source, line: record.line }, bounds, clean);
        batch.push(
          result.ok
            ? { ok: true, line: record.line, event: result.event }
            : { ok: false, line: record.line, raw: record.raw, rejections: result.rejections },
        );
      }
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
  if (failed) throw failure;
}
