import { Injectable, Logger } from '@nestjs/common';
import type { EventRejection } from '@platform/events';
import { createHash } from 'node:crypto';
import { IdempotencyKeyInFlightError } from '../errors/idempotency-key-in-flight.error';
import { IdempotencyKeyReusedError } from '../errors/idempotency-key-reused.error';
import { InvalidRequestError } from '../errors/invalid-request.error';
import { NoValidEventError } from '../errors/no-valid-event.error';
import { IdempotencyKeyStore } from '../idempotency/idempotency-key.store';
import { ingestMetrics } from '../ingest.metrics';
import { BronzeBatchWriter } from './bronze-batch-writer';
import { EventBodyReader, EventBodyRequest } from './event-body-reader';
import { eventCount } from './event-lines';
import type { ParsedEventBody } from './parse-event-body';

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

export interface IngestRequest extends Omit<EventBodyRequest, 'hash'> {
  idempotencyKey?: string;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * `POST /events`: the body is read (`EventBodyReader`), its valid events go to the batching
 * writer, and the answer comes once the objects holding them are written. With an
 * `Idempotency-Key`, the key is taken once the body is read, before anything is written: a retry
 * of an accepted request gets its first answer and writes nothing; the same key with another body
 * is refused (422); while the first is still in flight, a retry gets 409. A request that accepted
 * nothing (400, 413, 503...) leaves the key free: its retry gives the same answer or does the work.
 */
@Injectable()
export class EventIntake {
  private readonly logger = new Logger(EventIntake.name);

  constructor(
    private readonly reader: EventBodyReader,
    private readonly writer: BronzeBatchWriter,
    private readonly keys: IdempotencyKeyStore,
  ) {}

  async ingest(request: IngestRequest): Promise<IngestResult> {
    const key = request.idempotencyKey;
    if (key === undefined) return this.accept(await this.reader.read(request));
    if (!IDEMPOTENCY_KEY.test(key)) throw new InvalidRequestError('Idempotency-Key', 'expected 1 to 255 visible ASCII characters (e.g. a UUID)');
    const hash = createHash('sha256').update(`${request.contentType ?? ''}\n${request.contentEncoding ?? ''}\n`);
    const read = await this.reader.read({ ...request, hash });
    const claim = await this.keys.claim(key, hash.digest('hex'));
    if (claim.kind === 'answered') return claim.body as IngestResult;
    if (claim.kind === 'in_flight') throw new IdempotencyKeyInFlightError(key);
    if (claim.kind === 'other_request') throw new IdempotencyKeyReusedError(key);
    let result: IngestResult;
    try {
      result = await this.accept(read);
    } catch (error) {
      await this.keys.release(key, claim.claim);
      throw error;
    }
    // The events are in the lake: a failure to record the answer must not turn the 202 into an error.
    await this.keys.complete(key, claim.claim, 202, result).catch((error: unknown) => {
      this.logger.error(`Idempotency-Key ${key}: answer not recorded (a retry after the claim lease writes again): ${(error as Error).message}`);
    });
    return result;
  }

  private async accept(read: ParsedEventBody): Promise<IngestResult> {
    const { lines, rejected, rejections } = read;
    const accepted = eventCount(lines);
    if (rejected > 0) ingestMetrics.events.get().inc({ outcome: 'rejected' }, rejected);
    if (accepted === 0) throw new NoValidEventError(rejected, rejections);
    let objects;
    const durable = ingestMetrics.eventsDurableDuration.get().startTimer();
    try {
      objects = await this.writer.write(lines);
    } catch (error) {
      ingestMetrics.events.get().inc({ outcome: 'failed' }, accepted);
      throw error;
    } finally {
      durable();
    }
    ingestMetrics.events.get().inc({ outcome: 'accepted' }, accepted);
    return {
      accepted,
      rejected,
      rejections,
      ...(read.truncated ? { rejectionsTruncated: true as const } : {}),
      objects: [...new Set(objects.map((object) => object.key))],
    };
  }
}
