import { EventFormat, EventInputError, EventRejection, InputTooLargeError, MalformedInputError, parseEvents } from '@platform/events';
import { InvalidEventInputError } from '../errors/invalid-event-input.error';
import type { EventBodyFormat } from './event-body-format';
import { EventLines, EventLinesBuilder } from './event-lines';
import { jsonSyntaxPosition } from './json-syntax-position.util';
import { normalisedRecordLine } from './normalised-record';
import { isGzip, sniffedFormat } from './body-format-sniff.util';

const MAX_LISTED_REJECTIONS = 1000;

/** A body read to its end: the valid events as bronze lines, and the rejections. */
export interface ParsedEventBody {
  lines: EventLines;
  rejected: number;
  /** At most `MAX_LISTED_REJECTIONS`; `truncated` when there were more. */
  rejections: EventRejection[];
  truncated: boolean;
}

export interface ParseEventBodyOptions {
  format: EventBodyFormat;
  /** `INGEST_MAX_INFLATED_BYTES`: the most a body may inflate to (and a JSON array's size). */
  maxInflatedBytes: number;
}

/**
 * Parses a `POST /events` body with libs/events (the very parser and rules the stream processor
 * applies to bronze objects) into bronze lines. Runs in the parse worker (`event-parse.worker`).
 * The inflated body is never held whole (a gzip bomb stops inflating at the limit); the valid
 * events are kept until the end, so a body that fails part-way gives an
 * `InvalidEventInputError` and no events.
 */
export async function parseEventBody(source: AsyncIterable<Buffer>, options: ParseEventBodyOptions): Promise<ParsedEventBody> {
  let bytes: AsyncIterable<Buffer> = source;
  let format: EventFormat;
  if (options.format === 'gzip') ({ format, bytes } = await sniffedFormat(bytes));
  else format = options.format;
  // A JSON array is parsed whole anyway: keep its text (when not gzip) to say where it breaks.
  const kept: Buffer[] | undefined = format === 'json' ? [] : undefined;
  const lines = new EventLinesBuilder();
  const parsed = { rejected: 0, rejections: [] as EventRejection[], truncated: false };
  const limit = options.maxInflatedBytes;
  try {
    // No event ids: bronze keeps the normalised fields, and the processor derives ids from the object's key.
    const parse = { format, source: 'request', batchSize: 5000, maxJsonBytes: limit, maxInflatedBytes: limit, eventIds: false };
    for await (const batch of parseEvents(kept ? keeping(bytes, kept) : bytes, parse)) {
      for (const record of batch) {
        if (record.ok) {
          lines.push(normalisedRecordLine(record.event));
          continue;
        }
        parsed.rejected++;
        for (const rejection of record.rejections) {
          if (parsed.rejections.length < MAX_LISTED_REJECTIONS) parsed.rejections.push(rejection);
          else parsed.truncated = true;
        }
      }
    }
  } catch (error) {
    throw inputError(error, kept, format);
  }
  return { lines: lines.build(), ...parsed };
}

/** Passes the bytes on, keeping a copy unless they are gzip (a JSON body's position is told on its text only). */
async function* keeping(bytes: AsyncIterable<Buffer>, kept: Buffer[]): AsyncGenerator<Buffer> {
  let keep: boolean | undefined;
  for await (const chunk of bytes) {
    keep ??= !isGzip(chunk);
    if (keep) kept.push(chunk);
    yield chunk;
  }
}

function inputError(error: unknown, kept: Buffer[] | undefined, format: EventFormat): unknown {
  if (!(error instanceof EventInputError)) return error;
  if (error instanceof InputTooLargeError && error.limit === 'inflated') {
    return new InvalidEventInputError(
      `request body inflates to more than ${error.limitBytes} bytes (INGEST_MAX_INFLATED_BYTES): nothing after that point was read and nothing was accepted; ` +
        'split it, or load large files with POST /bulk-loads',
      error.code,
    );
  }
  // A JSON array that does not parse: say where (gzip bodies are left with the parser's own words).
  if (error instanceof MalformedInputError && format === 'json' && kept && kept.length > 0) {
    const position = jsonSyntaxPosition(Buffer.concat(kept).toString('utf8').replace(/^\uFEFF/, ''));
    if (position) {
      return new InvalidEventInputError(
        `malformed JSON at position ${position.offset} (line ${position.line}, column ${position.column}): ${position.problem}; ${error.detail}`,
        error.code,
        { offset: position.offset, line: position.line, column: position.column },
      );
    }
  }
  return new InvalidEventInputError(error.message, error.code);
}
