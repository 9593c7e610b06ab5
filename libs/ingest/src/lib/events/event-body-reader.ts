import { Inject, Injectable } from '@nestjs/common';
import type { IngestConfig } from '@platform/app-runtime';
import type { Hash } from 'node:crypto';
import { BodyTooLargeError } from '../errors/body-too-large.error';
import { INGEST_CONFIG } from '../ingest.constants';
import { ingestMetrics } from '../ingest.metrics';
import { EventBodyHeaders, eventBodyFormatOrThrow } from './event-body-format';
import { EventParseWorkers } from './event-parse-workers';
import type { ParsedEventBody } from './parse-event-body';
import { BodySource, boundedBody } from './request-body.util';

export interface EventBodyRequest extends EventBodyHeaders {
  body: BodySource;
  contentLength?: string;
  /** Fed every byte of the body as sent (the Idempotency-Key's request hash). */
  hash?: Hash;
}

/**
 * Reads a `POST /events` body off the socket into a parse worker (`parseEventBody`: libs/events,
 * the very parser and rules the stream processor applies to bronze objects), bounded twice:
 * `INGEST_MAX_BODY_BYTES` as sent (here) and `INGEST_MAX_INFLATED_BYTES` once inflated (in the
 * worker), so a gzip bomb stops inflating at the limit and the inflated body is never held
 * whole. The format is decided from the headers before a byte is read (415).
 */
@Injectable()
export class EventBodyReader {
  constructor(
    @Inject(INGEST_CONFIG) private readonly config: Pick<IngestConfig, 'maxBodyBytes' | 'maxInflatedBytes'>,
    private readonly workers: EventParseWorkers,
  ) {}

  async read(request: EventBodyRequest): Promise<ParsedEventBody> {
    if (Number(request.contentLength) > this.config.maxBodyBytes) throw new BodyTooLargeError(this.config.maxBodyBytes);
    const format = eventBodyFormatOrThrow(request);
    let bytes: AsyncIterable<Buffer> = boundedBody(request.body, this.config.maxBodyBytes);
    if (request.hash) bytes = hashing(bytes, request.hash);
    const parsed = ingestMetrics.bodyParseDuration.get().startTimer();
    try {
      return await this.workers.parse(bytes, { format, maxInflatedBytes: this.config.maxInflatedBytes });
    } finally {
      parsed();
    }
  }
}

async function* hashing(bytes: AsyncIterable<Buffer>, hash: Hash): AsyncGenerator<Buffer> {
  for await (const chunk of bytes) {
    hash.update(chunk);
    yield chunk;
  }
}
