import { LakeObjectId, lakeObjectIdText } from '@platform/common';
import { EventInputError, formatFor, MalformedInputError, parseEvents, TruncatedInputError } from '@platform/events';
import { DEFAULT_FEATURE_TTL, FeatureTtl, reduceEvents } from '@platform/features';
import type { DeadLetter, LakeObjectCreated } from '@platform/kafka-events';
import { OfflineEventStore, SourcedEvent } from '@platform/offline-store';
import type { OnlineFeatureStore } from '@platform/redis-feature-store';
import { Lake, LakeObject, LakeObjectNotFoundError } from '@platform/s3-lake';
import { CHUNK_LINES, chunkBatchId } from './chunk-batch-id';
import { GenerationCatchUp } from './materialize/generation-catch-up';
import { objectLetter, recordLetter } from './object-dead-letters';
import { ObjectLetters } from './object-letters';
import { ObjectOutcome } from './object-outcome';

/** The only bucket the processor reads (DESIGN.md section 4), by its logical name. */
export const BRONZE_BUCKET = 'bronze';

export interface LakeObjectProcessorOptions {
  /** Largest decompressed size read of an object (`INGEST_MAX_INFLATED_BYTES`); the rest is dead-lettered. */
  maxInflatedBytes: number;
  ttl?: FeatureTtl;
  /** Folds a settled object into a generation its chunks missed (a materialize started meanwhile). */
  catchUp?: GenerationCatchUp;
}

/** What processing an object needs of the delivery that announced it. */
export interface ObjectDelivery {
  letters: ObjectLetters;
  /** The bus delivery: an object it already settled is redone (its commit never happened), letters included. */
  deliveryId?: string;
}

/**
 * Turns one bronze object into features and offline rows (DESIGN.md sections 4 to 6 and 13): skip
 * it when (bucket, key, eTag) is already settled; stream and parse it; dead-letter each invalid
 * record and go on; fold the good ones, a fixed line range at a time, into updates applied to the
 * online store under the range's guard, and insert them into the offline store; keep what precedes
 * an unreadable tail and dead-letter the tail; mark the object processed. Letters go to the
 * delivery, which publishes them with its commit. Redoing it after a crash at any point gives the
 * same state.
 */
export class LakeObjectProcessor {
  private readonly ttl: FeatureTtl;

  constructor(
    private readonly lake: Lake,
    private readonly onlineStore: OnlineFeatureStore,
    private readonly offlineStore: OfflineEventStore,
    private readonly options: LakeObjectProcessorOptions,
  ) {
    this.ttl = options.ttl ?? DEFAULT_FEATURE_TTL;
  }

  async process(created: LakeObjectCreated, delivery: ObjectDelivery): Promise<ObjectOutcome> {
    const started = Date.now();
    const outcome = (status: ObjectOutcome['status'], eTag: string, counts: Partial<ObjectOutcome> = {}): ObjectOutcome => ({
      status,
      bucket: created.bucket,
      key: created.key,
      eTag,
      events: 0,
      rejected: 0,
      ...counts,
      durationMs: Date.now() - started,
    });
    if (!this.isBronze(created.bucket)) {
      const reason = `the stream processor reads only the bronze bucket (${this.lake.bucketName(BRONZE_BUCKET)}), not "${created.bucket}": nothing was read`;
      await delivery.letters.object(objectLetter({ bucket: created.bucket, key: created.key, eTag: created.eTag }, 'NOT_BRONZE', reason));
      return outcome('refused', created.eTag);
    }
    const announced = { bucket: BRONZE_BUCKET, key: created.key, eTag: created.eTag };
    if (await this.settled(announced, delivery)) return outcome('duplicate', created.eTag);

    let object: LakeObject;
    try {
      object = await this.lake.get({ bucket: BRONZE_BUCKET, key: created.key });
    } catch (error) {
      if (!(error instanceof LakeObjectNotFoundError)) throw error;
      const reason = `object not found in the lake (deleted after it was announced?): ${error.message}; reprocess it once it is back`;
      await this.deadLetter(announced, 'LAKE_OBJECT_NOT_FOUND', reason, delivery);
      return outcome('dead_lettered', created.eTag);
    }
    // The key may have been overwritten since the notification: what is read is processed under its own eTag.
    const id = { bucket: BRONZE_BUCKET, key: created.key, eTag: object.eTag };
    if (object.eTag !== created.eTag && (await this.settled(id, delivery))) {
      object.body.destroy();
      return outcome('duplicate', object.eTag);
    }
    return this.read(object, id, delivery, (counts) => outcome('processed', id.eTag, counts));
  }

  /** Dead-letters an object that failed for good; it waits, recorded, to be reprocessed. */
  async deadLetter(id: LakeObjectId, code: string, reason: string, delivery: ObjectDelivery, attempts?: number): Promise<void> {
    await delivery.letters.object(objectLetter(id, code, reason, attempts === undefined ? {} : { attempts }));
    await this.offlineStore.markDeadLettered(id, { code, reason }, delivery.deliveryId);
  }

  private async read(
    object: LakeObject,
    id: LakeObjectId,
    delivery: ObjectDelivery,
    done: (counts: Partial<ObjectOutcome>) => ObjectOutcome,
  ): Promise<ObjectOutcome> {
    const idText = lakeObjectIdText(id);
    let pending: SourcedEvent[] = [];
    let range = 0;
    let events = 0;
    let rejected = 0;
    let lastLine = 0;
    let newestEventAt: number | undefined;
    // The generations every chunk went to (null: a store without generations).
    let written: Set<number> | null | undefined;
    const flush = async () => {
      if (pending.length === 0) return;
      let newest = -Infinity;
      for (const { event } of pending) if (event.event_time_ms > newest) newest = event.event_time_ms;
      newestEventAt = Math.max(newestEventAt ?? -Infinity, newest);
      // Both writes are idempotent, so they run side by side; the object is marked only after both.
      const [applied] = await Promise.all([
        this.onlineStore.applyBatch({
          batchId: chunkBatchId(id, range),
          updates: reduceEvents(
            pending.map(({ event }) => event),
            this.ttl,
          ),
          newestEventAt: newest,
        }),
        this.offlineStore.insertEvents(id, pending),
      ]);
      const generations = applied.generations;
      if (generations === undefined || written === null) written = null;
      else written = written === undefined ? new Set(generations) : new Set(generations.filter((generation) => written?.has(generation)));
      pending = [];
    };

    try {
      const format = formatFor({ key: id.key, contentType: object.contentType });
      const parsed = parseEvents(object.body, { format: format.format, source: idText, maxInflatedBytes: this.options.maxInflatedBytes });
      for await (const batch of parsed) {
        const letters: DeadLetter[] = [];
        for (const record of batch) {
          lastLine = record.line;
          const recordRange = Math.floor((record.line - 1) / CHUNK_LINES);
          if (recordRange !== range) {
            await flush();
            range = recordRange;
          }
          if (record.ok) {
            pending.push(record); // a SourcedEvent already ({ event, line }): no copy per event
            events++;
          } else {
            rejected++;
            letters.push(recordLetter(record, id));
          }
        }
        await delivery.letters.records(letters);
      }
      await flush();
    } catch (error) {
      if (!(error instanceof EventInputError)) throw error;
      object.body.destroy();
      // Every good line before the damage is kept; the rest of the object is one letter.
      await flush();
      const from = tailStart(error, lastLine);
      const reason = `unreadable ${from === undefined ? 'object' : `from line ${from} on`}: ${error.message}`;
      await delivery.letters.object(objectLetter(id, error.code, reason, from === undefined ? {} : { line: from }));
      await this.offlineStore.markProcessed(id, events, rejected + 1, delivery.deliveryId);
      await this.options.catchUp?.afterSettled(id, written ?? undefined);
      return done({ events, rejected: rejected + 1, newestEventAt, unreadableTail: true });
    }
    await this.offlineStore.markProcessed(id, events, rejected, delivery.deliveryId);
    await this.options.catchUp?.afterSettled(id, written ?? undefined);
    return done({ events, rejected, newestEventAt });
  }

  /** Settled before, by another delivery than this one (a redelivery of that same message is redone). */
  private async settled(id: LakeObjectId, delivery: ObjectDelivery): Promise<boolean> {
    const record = await this.offlineStore.objectRecord(id);
    return record !== null && (delivery.deliveryId === undefined || record.deliveryId !== delivery.deliveryId);
  }

  /** MinIO names the bucket as on the server (with the deployment's prefix); the gateway by its logical name. */
  private isBronze(bucket: string): boolean {
    return bucket === BRONZE_BUCKET || bucket === this.lake.bucketName(BRONZE_BUCKET);
  }
}

/** The first line an object-level failure left unread, when it is known. */
function tailStart(error: EventInputError, lastLine: number): number | undefined {
  if (error instanceof TruncatedInputError) return error.afterLine + 1;
  if (error instanceof MalformedInputError && error.line !== undefined) return error.line;
  if (error.code === 'UNSUPPORTED_FORMAT' || error.code === 'MISSING_COLUMNS') return undefined;
  return lastLine + 1;
}
