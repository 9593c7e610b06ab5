import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { itemAt } from '@platform/common';
import type { LakeObjectWritten } from '@platform/kafka-events';
import { LAKE, type Lake } from '@platform/s3-lake';
import { BatchWriteFailedError } from '../errors/batch-write-failed.error';
import { ShuttingDownError } from '../errors/shutting-down.error';
import { BRONZE_BATCH_OPTIONS, BRONZE_BUCKET, GZIP_NDJSON_CONTENT_TYPE } from '../ingest.constants';
import { LakeAnnouncer } from '../notifications/lake-announcer';
import { ingestMetrics } from '../ingest.metrics';
import { bronzeKeyFor } from './bronze-key';
import type { EventLines } from './event-lines';
import { gzipNdjson } from './gzip-lines.util';

export interface BronzeBatchWriterOptions {
  /** A batch is written as soon as it holds this many events (default 5000). */
  maxEvents?: number;
  /** ...or this long after its first event arrived (default 200 ms), even while `maxWritesInFlight` are. */
  maxDelayMs?: number;
  /**
   * ...or as soon as fewer writes than this are in flight (default 1): group commit. An idle
   * gateway writes a request's events at once; a busy one gathers the requests that arrive while
   * its writes are in flight into the next object, so objects grow with the load. One, not two:
   * each object costs ~2.5 ms of the gateway's CPU (AWS SDK PUT) and as much of S3Proxy's, and
   * with two slots the objects of 8 clients halved (2,650 → 1,300 events) for no gain in latency.
   */
  maxWritesInFlight?: number;
  now?: () => Date;
}

/** Told about every object written (the `LakeAnnouncer` announces it); must not throw. */
export interface WrittenObjectListener {
  announce(object: WrittenBatch): void;
}

export interface WrittenBatch extends LakeObjectWritten {
  events: number;
}

interface OpenBatch {
  /** Slices of the requests' NDJSON, whole lines each. */
  parts: Buffer[];
  events: number;
  timer?: NodeJS.Timeout;
  written: Promise<WrittenBatch>;
  settle: { resolve: (batch: WrittenBatch) => void; reject: (error: unknown) => void };
}

/**
 * Groups the events of concurrent requests into bronze objects (gzip NDJSON) by group commit:
 * a batch is written once it is full (`maxEvents`), or as soon as the write in flight is done
 * (`maxWritesInFlight`), or at the latest `maxDelayMs` after its first event. A request never
 * waits for others to fill its batch, only for a write in flight to end, and a thousand small
 * concurrent requests still make a few objects, not a thousand. `write` resolves
 * only once every object holding the caller's events is in the lake (an acknowledged event is
 * never lost), and rejects with `BatchWriteFailedError` when one of them could not be written:
 * a PUT is all or nothing in both lake drivers, so a failed batch leaves no half object behind.
 */
@Injectable()
export class BronzeBatchWriter {
  private readonly logger = new Logger(BronzeBatchWriter.name);
  private readonly maxEvents: number;
  private readonly maxDelayMs: number;
  private readonly maxWritesInFlight: number;
  private readonly now: () => Date;
  private open?: OpenBatch;
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;
  private sealScheduled = false;

  constructor(
    @Inject(LAKE) private readonly lake: Lake,
    @Inject(BRONZE_BATCH_OPTIONS) options: BronzeBatchWriterOptions = {},
    @Optional() @Inject(LakeAnnouncer) private readonly listener?: WrittenObjectListener,
  ) {
    this.maxEvents = options.maxEvents ?? 5000;
    this.maxDelayMs = options.maxDelayMs ?? 200;
    this.maxWritesInFlight = options.maxWritesInFlight ?? 1;
    this.now = options.now ?? (() => new Date());
    if (!(Number.isInteger(this.maxEvents) && this.maxEvents >= 1)) throw new RangeError(`maxEvents=${this.maxEvents}: expected an integer ≥ 1`);
    if (!(this.maxDelayMs >= 0)) throw new RangeError(`maxDelayMs=${this.maxDelayMs}: expected ≥ 0`);
    if (!(Number.isInteger(this.maxWritesInFlight) && this.maxWritesInFlight >= 1)) throw new RangeError(`maxWritesInFlight=${this.maxWritesInFlight}: expected an integer ≥ 1`);
  }

  /** Adds NDJSON lines (one event each); resolves with the objects that hold them, once written. */
  write(lines: EventLines): Promise<WrittenBatch[]> {
    if (this.closed) return Promise.reject(new ShuttingDownError());
    const { ndjson, lineEnds } = lines;
    const batches: Promise<WrittenBatch>[] = [];
    for (let offset = 0, start = 0; offset < lineEnds.length; ) {
      const batch = (this.open ??= this.openBatch());
      const take = Math.min(this.maxEvents - batch.events, lineEnds.length - offset);
      const end = itemAt(lineEnds, offset + take - 1);
      batch.parts.push(Buffer.from(ndjson.buffer, ndjson.byteOffset + start, end - start));
      batch.events += take;
      offset += take;
      start = end;
      batches.push(batch.written);
      if (batch.events >= this.maxEvents) this.seal(batch);
    }
    this.sealWhenFree();
    return Promise.all(batches);
  }

  /** Writes the open batch now and waits for every write in flight. */
  async flush(): Promise<void> {
    if (this.open) this.seal(this.open);
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Refuses new events (`ShuttingDownError`), then flushes. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private openBatch(): OpenBatch {
    let settle!: OpenBatch['settle'];
    const written = new Promise<WrittenBatch>((resolve, reject) => (settle = { resolve, reject }));
    // Every caller awaits it; this guard only keeps a batch nobody awaits anymore from being "unhandled".
    written.catch(() => undefined);
    const batch: OpenBatch = { parts: [], events: 0, written, settle };
    batch.timer = setTimeout(() => this.seal(batch), this.maxDelayMs);
    return batch;
  }

  /**
   * Group commit: the open batch goes as soon as a write slot is free. Deferred to the end of
   * this turn of the event loop, so that the requests answered by one socket read or one worker
   * message join one object.
   */
  private sealWhenFree(): void {
    if (this.sealScheduled || !this.open || this.inFlight.size >= this.maxWritesInFlight) return;
    this.sealScheduled = true;
    setImmediate(() => {
      this.sealScheduled = false;
      if (this.open && this.inFlight.size < this.maxWritesInFlight) this.seal(this.open);
    });
  }

  private seal(batch: OpenBatch): void {
    if (this.open === batch) this.open = undefined;
    clearTimeout(batch.timer);
    const writing = this.writeBatch(batch.parts, batch.events).then(batch.settle.resolve, batch.settle.reject);
    this.inFlight.add(writing);
    void writing.finally(() => {
      this.inFlight.delete(writing);
      this.sealWhenFree();
    });
  }

  private async writeBatch(parts: Buffer[], events: number): Promise<WrittenBatch> {
    const started = process.hrtime.bigint();
    const key = bronzeKeyFor(this.now());
    let written: WrittenBatch;
    try {
      const body = await gzipNdjson(parts);
      const { eTag, size } = await this.lake.put({ bucket: BRONZE_BUCKET, key, body, contentType: GZIP_NDJSON_CONTENT_TYPE });
      written = { bucket: BRONZE_BUCKET, key, eTag, size, contentType: GZIP_NDJSON_CONTENT_TYPE, events };
    } catch (error) {
      this.logger.error(`batch of ${events} events not written to ${BRONZE_BUCKET}/${key}: ${(error as Error).message}`);
      throw new BatchWriteFailedError(events, error);
    } finally {
      ingestMetrics.batchWriteDuration.get().observe(Number(process.hrtime.bigint() - started) / 1e9);
    }
    ingestMetrics.objectsWritten.get().inc();
    this.listener?.announce(written);
    return written;
  }
}
