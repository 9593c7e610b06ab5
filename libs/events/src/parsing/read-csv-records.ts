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
  /** Lines read before this parser's first byte (by the quote-free reader). */
  lineOffset = 0;

  override push(record: string[] | null, encoding?: BufferEncoding): boolean {
    return super.push(record === null ? null : ({ line: this.lineOffset + this.info.lines, fields: record } satisfies CsvRow), encoding);
  }
}

/** What the reader knows after the header, shared by the quote-free reader and csv-parse. */
interface CsvState {
  index?: ColumnIndex;
  width: number;
  /** The line of the last record read (the last complete line, for a truncation error). */
  lastLine: number;
}

function recordOf(fields: string[], line: number, state: CsvState): SourceRecord | undefined {
  state.lastLine = line;
  if (state.index === undefined) {
    state.index = columnIndexOf(fields);
    state.width = fields.length;
    return undefined;
  }
  if (fields.length !== state.width) {
    const text = fields.join(',');
    const why = `has ${fields.length} fields where the header has ${state.width}`;
    return { line, text, unreadable: [rejectionOf(line, 'record', text, 'csv', why)] };
  }
  return { line, raw: rawEventOf(fields, state.index) };
}

const QUOTE = 0x22;
const CARRIAGE_RETURN = 0x0d;
// A longer line goes to csv-parse, which fails it at MAX_RECORD_BYTES (UTF-8 needs at most 3 bytes per UTF-16 unit).
const MAX_QUOTE_FREE_LINE = Math.floor(MAX_RECORD_BYTES / 3);

/**
 * The lines of a chunk that csv-parse would split exactly as `line.split(',')` does: no quote,
 * no carriage return, no BOM, no line near the record size limit; `undefined` otherwise. Most
 * real exports are like that, and splitting them here costs a fifth of csv-parse's time.
 */
function quoteFreeLines(chunk: Buffer): string[] | undefined {
  if (chunk.includes(QUOTE) || chunk.includes(CARRIAGE_RETURN)) return undefined;
  const text = chunk.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) return undefined;
  const lines = text.split('\n');
  // The chunk ends at a newline (decodedChunks), except a last line without one.
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) if (line.length > MAX_QUOTE_FREE_LINE) return undefined;
  return lines;
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
export async function* readCsvRecords(input: AsyncIterable<ByteChunk>, maxInflatedBytes?: number, quoteFreeFastPath = true): AsyncGenerator<SourceRecord[]> {
  const chunks = decodedChunks(input, undefined, maxInflatedBytes)[Symbol.asyncIterator]();
  const state: CsvState = { width: 0, lastLine: 0 };
  let line = 0;
  try {
    // Quote-free chunks are split here; from the first other chunk on, csv-parse reads the rest.
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch (error) {
        throw inputFailureAt(error, state.lastLine);
      }
      if (next.done) return;
      const lines = quoteFreeFastPath ? quoteFreeLines(next.value) : undefined;
      if (lines === undefined) {
        yield* readWithCsvParse(next.value, chunks, state, line);
        return;
      }
      const batch: SourceRecord[] = [];
      for (const text of lines) {
        line++;
        if (text === '') continue; // skip_empty_lines
        const record = recordOf(text.split(','), line, state);
        if (record) batch.push(record);
      }
      if (batch.length > 0) yield batch;
    }
  } finally {
    await chunks.return?.(undefined);
  }
}

/** csv-parse from `first` on (`linesBefore` lines were read before it), for everything the quote-free reader does not take. */
async function* readWithCsvParse(first: Buffer, rest: AsyncIterator<Buffer>, state: CsvState, linesBefore: number): AsyncGenerator<SourceRecord[]> {
  let failure: unknown;
  let failed = false;
  // The gzip failure is held back so that csv-parse first finishes every complete line.
  async function* untilFailure() {
    try {
      yield first;
      for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
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
      const line = linesBefore + Number(error?.['lines'] ?? 0);
      const why = `could not be split into fields (${error?.message ?? 'unknown CSV error'})`;
      skipped.push({ line, text: '', unreadable: [rejectionOf(line, 'record', '', 'csv', why)] });
      return undefined;
    },
  });
  parser.lineOffset = linesBefore;
  const source = Readable.from(untilFailure(), { objectMode: false });
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);

  let batch: SourceRecord[] = [];
  try {
    for await (const rows of burstsOf<CsvRow>(parser, BATCH)) {
      for (const row of rows) {
        if (skipped.length > 0) batch.push(...skipped.splice(0));
        const record = recordOf(row.fields, row.line, state);
        if (record) batch.push(record);
      }
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
  } catch (error) {
    if (failed) throw inputFailureAt(failure, state.lastLine);
    if (error instanceof MissingColumnsError) throw error;
    const csvError = error as CsvError;
    throw new MalformedInputError(csvError['lines'] === undefined ? state.lastLine + 1 : linesBefore + Number(csvError['lines']), `CSV: ${csvError.message}`);
  } finally {
    source.destroy();
  }
  if (skipped.length > 0) batch.push(...skipped.splice(0));
  if (batch.length > 0) yield batch;
  if (failed) throw inputFailureAt(failure, state.lastLine);
  if (unclosed !== undefined) {
    const lastLine = state.lastLine;
    throw new MalformedInputError(
      lastLine + 1,
      `CSV: the record starting on line ${lastLine + 1} opens a quoted field that is never closed (${unclosed.code}); nothing after it can be read`,
    );
  }
}
