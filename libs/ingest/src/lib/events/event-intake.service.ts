import { Injectable } from '@nestjs/common';
import { EventFormat, EventInputError, EventRejection, formatFor, MalformedInputError, parseEvents } from '@platform/events';
import { InvalidEventInputError } from '../errors/invalid-event-input.error';
import { NoValidEventError } from '../errors/no-valid-event.error';
import { ingestMetrics } from '../ingest.metrics';
import { BronzeBatchWriter } from './bronze-batch-writer';
import { jsonSyntaxPosition } from './json-syntax-position.util';
import { normalisedRecordLine } from './normalised-record';

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
 * `POST /events`: the body is validated by libs/events (the very parser and rules the stream
 * processor applies to bronze objects), the valid events go to the batching writer normalised,
 * and the answer comes once the objects holding them are written.
 */
@Injectable()
export class EventIntake {
  constructor(private readonly writer: BronzeBatchWriter) {}

  async ingest(body: Buffer, contentType: string | undefined): Promise<IngestResult> {
    let format: EventFormat;
    try {
      format = formatFor({ contentType }).format;
    } catch (error) {
      throw inputError(error, body);
    }
    const lines: string[] = [];
    const rejections: EventRejection[] = [];
    let rejected = 0;
    let listed = 0;
    try {
      for await (const batch of parseEvents(bytesOf(body), { format, source: 'request', batchSize: 5000, maxJsonBytes: Number.MAX_SAFE_INTEGER })) {
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
      throw inputError(error, body, format);
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

async function* bytesOf(body: Buffer): AsyncGenerator<Buffer> {
  yield body;
}

function inputError(error: unknown, body: Buffer, format?: EventFormat): unknown {
  if (!(error instanceof EventInputError)) return error;
  // A JSON array that does not parse: say where (gzip bodies are left with the parser's own words).
  if (error instanceof MalformedInputError && format === 'json' && !(body[0] === 0x1f && body[1] === 0x8b)) {
    const position = jsonSyntaxPosition(body.toString('utf8').replace(/^\uFEFF/, ''));
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
