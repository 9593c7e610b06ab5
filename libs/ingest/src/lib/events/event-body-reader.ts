import { Inject, Injectable } from '@nestjs/common';
import type { IngestConfig } from '@platform/app-runtime';
import { EventFormat, EventInputError, EventRejection, InputTooLargeError, MalformedInputError, parseEvents } from '@platform/events';
import type { Hash } from 'node:crypto';
import { BodyTooLargeError } from '../errors/body-too-large.error';
import { InvalidEventInputError } from '../errors/invalid-event-input.error';
import { INGEST_CONFIG } from '../ingest.constants';
import { EventBodyHeaders, eventBodyFormatOrThrow } from './event-body-format';
import { jsonSyntaxPosition } from './json-syntax-position.util';
import { normalisedRecordLine } from './normalised-record';
import { BodySource, boundedBody, isGzip, sniffedFormat } from './request-body.util';

const MAX_LISTED_REJECTIONS = 1000;

export interface EventBodyRequest extends EventBodyHeaders {
  body: BodySource;
  contentLength?: string;
  /** Fed every byte of the body as sent (the Idempotency-Key's request hash). */
  hash?: Hash;
}

/** A body read to its end: the valid events as bronze lines, and the rejections. */
export interface ReadEventBody {
  lines: string[];
  rejected: number;
  /** At most `MAX_LISTED_REJECTIONS`; `truncated` when there were more. */
  rejections: EventRejection[];
  truncated: boolean;
}

/**
 * Reads a `POST /events` body off the socket into libs/events (the very parser and rules the
 * stream processor applies to bronze objects), bounded twice: `INGEST_MAX_BODY_BYTES` as sent and
 * `INGEST_MAX_INFLATED_BYTES` once inflated, so a gzip bomb stops inflating at the limit and the
 * inflated body is never held whole. The valid events are kept normalised until the end: a body
 * that fails part-way gives an error and no events.
 */
@Injectable()
export class EventBodyReader {
  constructor(@Inject(INGEST_CONFIG) private readonly config: Pick<IngestConfig, 'maxBodyBytes' | 'maxInflatedBytes'>) {}

  async read(request: EventBodyRequest): Promise<ReadEventBody> {
    if (Number(request.contentLength) > this.config.maxBodyBytes) throw new BodyTooLargeError(this.config.maxBodyBytes);
    const bodyFormat = eventBodyFormatOrThrow(request);
    let bytes: AsyncIterable<Buffer> = boundedBody(request.body, this.config.maxBodyBytes);
    if (request.hash) bytes = hashing(bytes, request.hash);
    let format: EventFormat;
    if (bodyFormat === 'gzip') ({ format, bytes } = await sniffedFormat(bytes));
    else format = bodyFormat;
    // A JSON array is parsed whole anyway: keep its text (when not gzip) to say where it breaks.
    const kept: Buffer[] | undefined = format === 'json' ? [] : undefined;
    const read: ReadEventBody = { lines: [], rejected: 0, rejections: [], truncated: false };
    const limit = this.config.maxInflatedBytes;
    try {
      // No event ids: bronze keeps the normalised fields, and the processor derives ids from the object's key.
      const options = { format, source: 'request', batchSize: 5000, maxJsonBytes: limit, maxInflatedBytes: limit, eventIds: false };
      for await (const batch of parseEvents(kept ? keeping(bytes, kept) : bytes, options)) {
        for (const record of batch) {
          if (record.ok) {
            read.lines.push(normalisedRecordLine(record.event));
            continue;
          }
          read.rejected++;
          for (const rejection of record.rejections) {
            if (read.rejections.length < MAX_LISTED_REJECTIONS) read.rejections.push(rejection);
            else read.truncated = true;
          }
        }
      }
    } catch (error) {
      throw inputError(error, kept, format);
    }
    return read;
  }
}

async function* hashing(bytes: AsyncIterable<Buffer>, hash: Hash): AsyncGenerator<Buffer> {
  for await (const chunk of bytes) {
    hash.update(chunk);
    yield chunk;
  }
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
