import { CleanEvent, EventInputError, formatFor, parseEvents, ParsedRecord } from '@platform/events';
import { DEFAULT_FEATURE_TTL, FeatureTtl, reduceEvents } from '@platform/features';
import type { DeadLetter, LakeObjectCreated } from '@platform/kafka-events';
import { OfflineEventStore, SourcedEvent } from '@platform/offline-store';
import type { OnlineFeatureStore } from '@platform/redis-feature-store';
import { Lake, LakeObjectNotFoundError } from '@platform/s3-lake';
import { DeadLetterSink } from './dead-letter-sink';
import { ObjectOutcome } from './object-outcome';

export interface LakeObjectProcessorOptions {
  /** Events folded and applied per guarded batch; bounds memory for objects of any size. */
  chunkEvents?: number;
  ttl?: FeatureTtl;
}

/**
 * Turns one lake object into features and offline rows (DESIGN.md sections 4 to 6):
 * skip it when (bucket, key, eTag) is already processed; stream and parse it; send each invalid
 * record to the DLQ and go on; fold the rest into updates applied to the online store in guarded
 * batches (an object applied twice counts once); insert the clean events into the offline store;
 * mark the object processed. Redoing it after a crash at any point gives the same state.
 */
export class LakeObjectProcessor {
  private readonly chunkEvents: number;
  private readonly ttl: FeatureTtl;

  constructor(
    private readonly lake: Lake,
    private readonly onlineStore: OnlineFeatureStore,
    private readonly offlineStore: OfflineEventStore,
    private readonly deadLetters: DeadLetterSink,
    options: LakeObjectProcessorOptions = {},
  ) {
    this.chunkEvents = options.chunkEvents ?? 50_000;
    this.ttl = options.ttl ?? DEFAULT_FEATURE_TTL;
  }

  async process(created: LakeObjectCreated): Promise<ObjectOutcome> {
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
    if (await this.offlineStore.isProcessed(created)) return outcome('duplicate', created.eTag);

    let object;
    try {
      object = await this.lake.get({ bucket: created.bucket, key: created.key });
    } catch (error) {
      if (!(error instanceof LakeObjectNotFoundError)) throw error;
      return this.unreadable(created, created.eTag, `object not found in the lake (deleted after it was announced?): ${error.message}`, 'LAKE_OBJECT_NOT_FOUND', outcome);
    }
    // The key may have been overwritten since the notification: what is read is recorded under its own eTag.
    const ref = { bucket: created.bucket, key: created.key, eTag: object.eTag };
    if (object.eTag !== created.eTag && (await this.offlineStore.isProcessed(ref))) {
      object.body.destroy();
      return outcome('duplicate', object.eTag);
    }

    let chunk: SourcedEvent[] = [];
    let chunkIndex = 0;
    let events = 0;
    let rejected = 0;
    let newestEventAt: number | undefined;
    const flush = async () => {
      if (chunk.length === 0) return;
      const newest = chunk.reduce((max, { event }) => Math.max(max, event.event_time_ms), -Infinity);
      newestEventAt = Math.max(newestEventAt ?? -Infinity, newest);
      // Both writes are idempotent, so they run side by side; the object is marked only after both.
      await Promise.all([
        this.onlineStore.applyBatch({
          batchId: `${ref.bucket}/${ref.key}#${ref.eTag}#${chunkIndex}`,
          updates: reduceEvents(
            chunk.map(({ event }) => event as CleanEvent),
            this.ttl,
          ),
          newestEventAt: newest,
        }),
        this.offlineStore.insertEvents(ref, chunk),
      ]);
      chunkIndex++;
      chunk = [];
    };

    try {
      const format = formatFor({ key: created.key, contentType: object.contentType });
      for await (const batch of parseEvents(object.body, { format: format.format, source: `${ref.bucket}/${ref.key}` })) {
        const letters: DeadLetter[] = [];
        for (const record of batch) {
          if (record.ok) {
            chunk.push({ event: record.event, line: record.line });
            events++;
          } else {
            rejected++;
            letters.push(deadLetterFor(record, ref));
          }
        }
        if (letters.length > 0) await this.deadLetters.send(letters);
        if (chunk.length >= this.chunkEvents) await flush();
      }
      await flush();
    } catch (error) {
      if (!(error instanceof EventInputError)) throw error;
      object.body.destroy();
      if (chunkIndex > 0) {
        // Part of the object was applied before the damage was found: keep it, report the rest.
        await this.deadLetters.send([{ ...objectLetter(ref, error.message, error.code), at: new Date().toISOString() }]);
        await this.offlineStore.markProcessed(ref, events, rejected + 1);
        return outcome('unreadable', ref.eTag, { events, rejected, newestEventAt });
      }
      return this.unreadable(ref, ref.eTag, error.message, error.code, outcome);
    }
    await this.offlineStore.markProcessed(ref, events, rejected);
    return outcome('processed', ref.eTag, { events, rejected, newestEventAt });
  }

  /** An object that cannot be read goes to the DLQ once and counts as processed, so it is committed. */
  private async unreadable(
    ref: { bucket: string; key: string; eTag: string },
    eTag: string,
    reason: string,
    code: string,
    outcome: (status: ObjectOutcome['status'], eTag: string, counts?: Partial<ObjectOutcome>) => ObjectOutcome,
  ): Promise<ObjectOutcome> {
    await this.deadLetters.send([{ ...objectLetter(ref, reason, code), at: new Date().toISOString() }]);
    await this.offlineStore.markProcessed({ ...ref, eTag }, 0, 0);
    return outcome('unreadable', eTag);
  }
}

function objectLetter(ref: { bucket: string; key: string; eTag: string }, reason: string, code: string): Omit<DeadLetter, 'at'> {
  return { schemaVersion: 1, reason: `unreadable object: ${reason}`, code, source: ref };
}

function deadLetterFor(record: Extract<ParsedRecord, { ok: false }>, ref: { bucket: string; key: string; eTag: string }): DeadLetter {
  const [first] = record.rejections;
  const raw = typeof record.raw === 'string' ? record.raw : JSON.stringify(record.raw);
  return {
    schemaVersion: 1,
    reason: record.rejections.map((rejection) => rejection.message).join('; ').slice(0, 4000),
    field: first?.field,
    value: first?.value,
    rule: first?.rule,
    source: ref,
    line: record.line,
    raw: raw.slice(0, 64 * 1024),
    at: new Date().toISOString(),
  };
}
