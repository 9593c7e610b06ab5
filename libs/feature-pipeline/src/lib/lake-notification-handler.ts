import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { classifyFailure, lakeObjectIdText, retryWithBackoff } from '@platform/common';
import type { DeadLetterSink, LakeObjectCreated } from '@platform/kafka-events';
import type { OnlineFeatureStore } from '@platform/redis-feature-store';
import { ONLINE_FEATURE_STORE } from '@platform/redis-feature-store';
import { BRONZE_BUCKET, LakeObjectProcessor } from './lake-object-processor';
import { LettersNotSentError, ObjectLetters } from './object-letters';
import { ObjectOutcome } from './object-outcome';
import { streamProcessorMetrics } from './stream-processor.metrics';

/** Attempts at an object that fails for a reason nobody classified, before it is dead-lettered. */
export const OBJECT_ATTEMPTS = 3;

/** A failure known to pass (a server away): waited out without an attempt budget, so nothing is skipped. */
function isKnownTransient(error: unknown): boolean {
  const failure = classifyFailure(error);
  return failure.known && failure.retriable;
}

/** The delivery of one `data_streaming` message, as its handler sees it. */
export interface NotificationDelivery {
  deadLetters: DeadLetterSink;
  deliveryId?: string;
  /** Keeps the consumer's session alive while waiting (Kafka's heartbeat). */
  keepAlive?: () => Promise<void>;
}

/**
 * Handles one `data_streaming` message: processes each announced object, waiting out servers
 * that are away (consumption pauses, nothing is skipped); an object that fails otherwise is tried
 * `OBJECT_ATTEMPTS` times (once when its error says retrying cannot help), then dead-lettered with
 * its identity and recorded for reprocessing. Resolving means the message may be settled: its
 * letters published and its offset committed together.
 */
@Injectable()
export class LakeNotificationHandler implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(LakeNotificationHandler.name);
  private readonly stopping = new AbortController();
  private freshnessTimer?: NodeJS.Timeout;

  constructor(
    private readonly processor: LakeObjectProcessor,
    @Inject(ONLINE_FEATURE_STORE) private readonly onlineStore: OnlineFeatureStore,
  ) {}

  /** Freshness is read from the store, not kept here: replicas share it, and it grows while idle. */
  onModuleInit(): void {
    const gauge = streamProcessorMetrics.featureFreshness.get();
    this.freshnessTimer = setInterval(() => {
      void this.onlineStore
        .freshness()
        .then((newest) => gauge.set(newest === null ? NaN : (Date.now() - newest) / 1000))
        .catch(() => undefined);
    }, 2000);
    this.freshnessTimer.unref();
  }

  async handle(objects: readonly LakeObjectCreated[], delivery: NotificationDelivery): Promise<ObjectOutcome[]> {
    const outcomes: ObjectOutcome[] = [];
    for (const object of objects) {
      const stopTimer = streamProcessorMetrics.objectDuration.get().startTimer();
      const outcome = await this.settle(object, delivery).catch((error: unknown) => {
        streamProcessorMetrics.objects.get().inc({ outcome: 'failed' });
        throw error;
      });
      stopTimer();
      streamProcessorMetrics.objects.get().inc({ outcome: outcome.status });
      streamProcessorMetrics.events.get().inc({ outcome: 'applied' }, outcome.events);
      streamProcessorMetrics.events.get().inc({ outcome: 'rejected' }, outcome.rejected);
      if (outcome.status !== 'duplicate') {
        const tail = outcome.unreadableTail ? ' (unreadable tail dead-lettered)' : '';
        this.logger.log(`${outcome.bucket}/${outcome.key}: ${outcome.status}${tail}, ${outcome.events} events, ${outcome.rejected} rejected in ${outcome.durationMs} ms`);
      }
      outcomes.push(outcome);
    }
    return outcomes;
  }

  /** An object waiting for a server gives up (uncommitted, so redelivered); one being processed finishes. */
  beforeApplicationShutdown(): void {
    clearInterval(this.freshnessTimer);
    this.stopping.abort();
  }

  private async settle(object: LakeObjectCreated, delivery: NotificationDelivery): Promise<ObjectOutcome> {
    const started = Date.now();
    const letters = new ObjectLetters(delivery.deadLetters);
    const target = { letters, deliveryId: delivery.deliveryId };
    let attempts = 0;
    try {
      return await this.patiently(`${object.bucket}/${object.key}`, delivery, (error, attempt) => {
        if (error instanceof LettersNotSentError) return false;
        const failure = classifyFailure(error);
        return failure.retriable && (failure.known || attempt < OBJECT_ATTEMPTS);
      }, () => {
        attempts++;
        return this.processor.process(object, target);
      });
    } catch (error) {
      // Stopping, or the letters could not be sent: the bus retries the message (nothing was committed).
      if (this.stopping.signal.aborted || error instanceof LettersNotSentError) throw error;
      const { code, message } = error as { code?: unknown; message?: unknown };
      const failure = typeof code === 'string' ? code : 'PROCESSING_FAILED';
      const reason = `processing failed ${attempts === 1 ? 'once, for a reason retrying cannot fix' : `${attempts} times`}: ${String(message ?? error)}; fix the cause, then reprocess the object`;
      this.logger.error(`${lakeObjectIdText(object)}: dead-lettered: ${reason}`);
      const id = { bucket: BRONZE_BUCKET, key: object.key, eTag: object.eTag };
      await this.patiently(`dead-lettering ${object.key}`, delivery, isKnownTransient, () => this.processor.deadLetter(id, failure, reason, target, attempts));
      return { status: 'dead_lettered', bucket: object.bucket, key: object.key, eTag: object.eTag, events: 0, rejected: 0, durationMs: Date.now() - started };
    }
  }

  /** Retries `work` while `retryIf` says so, logging and keeping the consumer's session alive. */
  private patiently<T>(what: string, delivery: NotificationDelivery, retryIf: (error: unknown, attempt: number) => boolean, work: () => Promise<T>): Promise<T> {
    return retryWithBackoff(work, {
      signal: this.stopping.signal,
      retryIf,
      onRetry: async (error, attempt, delayMs) => {
        streamProcessorMetrics.transientRetries.get().inc();
        this.logger.warn(`${what}: ${(error as Error).message}; retrying in ${delayMs} ms (attempt ${attempt})`);
        await delivery.keepAlive?.().catch(() => undefined);
      },
    });
  }
}
