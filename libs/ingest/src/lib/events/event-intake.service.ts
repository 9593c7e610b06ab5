import { Inject, Injectable } from '@nestjs/common';
import type { IngestConfig } from '@platform/app-runtime';
import { EventFormat, EventInputError, EventRejection, InputTooLargeError, MalformedInputError, parseEvents } from '@platform/events';
import { BodyTooLargeError } from '../errors/body-too-large.error';
import { InvalidEventInputError } from '../errors/invalid-event-input.error';
import { NoValidEventError } from '../errors/no-valid-event.error';
import { INGEST_CONFIG } from '../ingest.constants';
import { ingestMetrics } from '../ingest.metrics';
import { BronzeBatchWriter } from './bronze-batch-writer';
import { EventBodyHeaders, eventBodyFormatOrThrow } from './event-body-format';
import { jsonSyntaxPosition } from './json-syntax-position.util';
import { normalisedRecordLine } from './normalised-record';
import { BodySource, boundedBody, isGzip, sniffedFormat } from './request-body.util';

/** What `POST /events` answers (202). */
export interface IngestResult {
  accepted: number;
  rejected: number;
  /**
   * Every reason, each naming `line` (the element number, from 1, in a JSON array; the line in
   * NDJSON or CSV), field, value, rule and a readable message; at most `MAX_LISTED_REJECTIONS`.
   */
  rejections: EventRejection[];
  /** Set when more rejections were found than listed. */
  rejectionsTruncated?: true;
  /** The bronze keys holding the accepted events. */
  objects: string[];
}

export const MAX_LISTED_REJECTIONS = 1000;

/**
 * `POST /events`: the body is streamed off the socket into libs/events (the very parser and rules
 * the stream processor applies to bronze objects), bounded twice: `INGEST_MAX_BODY_BYTES` as sent
 * and `INGEST_MAX_INFLATED_BYTES` once inflated, so a gzip bomb stops inflating at the limit and
 * the inflated body is never held whole. The valid events go to the batching writer normalised
 * (held until the body has been read: a body that fails part-way writes nothing), and the answer
 * comes once the objects holding them are written.
 */
@Injectable()
export class EventIntake {
  constructor(
    private readonly writer: BronzeBatchWriter,
    @Inject(INGEST_CONFIG) private readonly config: Pick<IngestConfig, 'maxBodyBytes' | 'maxInflatedBytes'>,
  ) {}

  async ingest(body: BodySource, headers: EventBodyHeaders & { contentLength?: string }): Promise<IngestResult> {
    const declared = Number(headers.contentLength);
    if (declared > this.config.maxBodyBytes) throw new BodyTooLargeError(this.config.maxBodyBytes);
    const bodyFormat = eventBodyFormatOrThrow(headers);
    let bytes: AsyncIterable<Buffer> = boundedBody(body, this.config.maxBodyBytes);
    let format: EventFormat;
    if (bodyFormat === 'gzip') ({ format, bytes } = await sniffedFormat(bytes));
    else format = bodyFormat;
    // A JSON array is parsed whole anyway: keep its text (when not gzip) to say where it breaks.
    const kept: Buffer[] | undefined = format === 'json' ? [] : undefined;
    const lines: string[] = [];
    const rejections: EventRejection[] = [];
    let rejected = 0;
    let listed = 0;
    try {
      const options = { format, source: 'request', batchSize: 5000, maxJsonBytes: this.config.maxInflatedBytes, maxInflatedBytes: this.config.maxInflatedBytes };
      for await (const batch of parseEvents(kept ? keeping(bytes, kept) : bytes, options)) {
        for (const record of batch) {
          if (record.ok) {
            lines.push(normalisedRecordLine(record.event));
          } else {
            rejected++;
            for (const rejection of record.rejections) {
              if (listed++ < MAX_LISTED_REJECTIONS) rejections.push(rejection);
            }
          }
        }
      }
    } catch (error) {
      throw inputError(error, kept, format);
    }
    if (rejected > 0) ingestMetrics.events.get().inc({ outcome: 'rejected' }, rejected);
    if (lines.length === 0) throw new NoValidEventError(rejected, rejections);
    let objects;
    try {
      objects = await this.writer.write(lines);
    } catch (error) {
      ingestMetrics.events.get().inc({ outcome: 'failed' }, lines.length);
      throw error;
    }
    ingestMetrics.events.get().inc({ outcome: 'accepted' }, lines.length);
    return {
      accepted: lines.length,
      rejected,
      rejections,
      ...(listed > MAX_LISTED_REJECTIONS ? { rejectionsTruncated: true as const } : {}),
      objects: [...new Set(objects.map((object) => object.key))],
    };
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
