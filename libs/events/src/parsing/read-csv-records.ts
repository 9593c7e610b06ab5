import { Readable } from 'node:stream';
import { Parser, type CsvError } from 'csv-parse';
import { MalformedInputError } from '../errors/malformed-input.error';
import { MissingColumnsError } from '../errors/missing-columns.error';
import { rejectionOf } from '../schema/event-rejection';
import { REES46_COLUMNS, REQUIRED_COLUMNS, type RawEvent, type Rees46Column } from '../schema/raw-event';
import { burstsOf } from './bursts-of';
import { decodedChunks, type ByteChunk } from './decoded-chunks';
import { inputFailureAt } from './input-failure';
import type { SourceRecord } from './source-record';

const BATCH = 1000;
// A runaway quote must not swallow a 2 GB object into one record.
const MAX_RECORD_BYTES = 1 << 20;
// After these csv-parse is still inside a quoted field: every later row would be swallowed.
const UNRECOVERABLE: ReadonlySet<string> = new Set(['CSV_QUOTE_NOT_CLOSED', 'CSV_MAX_RECORD_SIZE']);

interface CsvRow {
  line: number;
  fields: string[];
}

/**
 * Tags each record with the line it ends on. csv-parse pushes records synchronously while it
 * scans, so its live `info.lines` is exact at push time; the documented `on_record` hook gives
 * the same number but copies the whole info object per record, a quarter of the parse time.
 */
class LineNumberedParser extends Parser {
  override push(record: string[] | null, encoding?: BufferEncoding): boolean {
    return super.push(record === null ? null : ({ line: this.info.lines, fields: record } satisfies CsvRow), encoding);
  }
}

type ColumnIndex = Record<Rees46Column, number>;

function columnIndexOf(header: string[]): ColumnIndex {
  const names = header.map((name) => name.trim().toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((column) => !names.includes(column));
  if (missing.length > 0) throw new MissingColumnsError(missing, header);
  return Object.fromEntries(REES46_COLUMNS.map((column) => [column, names.indexOf(column)])) as ColumnIndex;
}

function rawEventOf(fields: string[], index: ColumnIndex): RawEvent {
  const at = (column: Rees46Column) => (index[column] === -1 ? '' : (fields[index[column]] ?? ''));
  return {
    event_time: at('event_time'),
    event_type: at('event_type'),
    product_id: at('product_id'),
    category_id: at('category_id'),
    category_code: at('category_code'),
    brand: at('brand'),
    price: at('price'),
    user_id: at('user_id'),
    user_session: at('user_session'),
  };
}

/**
 * CSV with a header naming the columns (any order, extra columns ignored, names trimmed and
 * case-insensitive), quoted fields, BOM and CRLF, via csv-parse. `line` is the physical line on
 * which the record ends (the header is line 1). A row whose fields cannot be split, or whose field
 * count differs from the header's, is rejected on its own; the rest of the file goes on.
 */
export async function* readCsvRecords(input: AsyncIterable<ByteChunk>, maxInflatedBytes?: number): AsyncGenerator<SourceRecord[]> {
  let failure: unknown;
  let failed = false;
  // The gzip failure is held back so that csv-parse first finishes every complete line.
  async function* untilFailure() {
    try {
      yield* decodedChunks(input, undefined, maxInflatedBytes);
    } catch (error) {
      failure = error;
      failed = true;
    }
  }
  const skipped: SourceRecord[] = [];
  let unclosed: CsvError | undefined;
  const parser = new LineNumberedParser({
    bom: true,
    relax_column_count: true,
    // Named rather than auto-detected: until it has detected one, csv-parse builds a Buffer per
    // character to size the delimiter (six times slower under Jest).
    record_delimiter: ['\r\n', '\n'],
    // A stray quote inside a field is kept as text (and then fails validation on its own row)
    // rather than switching csv-parse into quoted mode for the rest of the file.
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_BYTES,
    on_skip: (error) => {
      if (error !== undefined && UNRECOVERABLE.has(error.code)) {
        unclosed ??= error;
        return undefined;
      }
      const line = Number(error?.['lines'] ?? 0);
      const why = `could not be split into fields (${error?.message ?? 'unknown CSV error'})`;
      skipped.push({ line, text: '', unreadable: [rejectionOf(line, 'record', '', 'csv', why)] });
      return undefined;
    },
  });
  const source = Readable.from(untilFailure(), { objectMode: false });
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);

  let index: ColumnIndex | undefined;
  let width = 0;
  let lastLine = 0;
  let batch: SourceRecord[] = [];
  try {
    for await (const rows of burstsOf<CsvRow>(parser, BATCH)) {
      for (const row of rows) {
        lastLine = row.line;
        if (skipped.length > 0) batch.push(...skipped.splice(0));
        if (index === undefined) {
          index = columnIndexOf(row.fields);
          width = row.fields.length;
        } else if (row.fields.length !== width) {
          const text = row.fields.join(',');
          const why = `has ${row.fields.length} fields where the header has ${width}`;
          batch.push({ line: row.line, text, unreadable: [rejectionOf(row.line, 'record', text, 'csv', why)] });
        } else {
          batch.push({ line: row.line, raw: rawEventOf(row.fields, index) });
        }
      }
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
  } catch (error) {
    if (failed) throw inputFailureAt(failure, lastLine);
    if (error instanceof MissingColumnsError) throw error;
    const csvError = error as CsvError;
    throw new MalformedInputError(Number(csvError['lines'] ?? lastLine + 1), `CSV: ${csvError.message}`);
  } finally {
    source.destroy();
  }
  if (skipped.length > 0) batch.push(...skipped.splice(0));
  if (batch.length > 0) yield batch;
  if (failed) throw inputFailureAt(failure, lastLine);
  if (unclosed !== undefined) {
    throw new MalformedInputError(
      lastLine + 1,
      `CSV: the record starting on line ${lastLine + 1} opens a quoted field that is never closed (${unclosed.code}); nothing after it can be read`,
    );
  }
}
