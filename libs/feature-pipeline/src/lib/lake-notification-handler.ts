import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { LakeObjectCreated } from '@platform/kafka-events';
import type { OnlineFeatureStore } from '@platform/redis-feature-store';
import { ONLINE_FEATURE_STORE } from '@platform/redis-feature-store';
import { LakeObjectProcessor } from './lake-object-processor';
import { ObjectOutcome } from './object-outcome';
import { streamProcessorMetrics } from './stream-processor.metrics';
import { retryTransient } from './transient-retry';

/**
 * Handles one `data_streaming` message: processes each announced object, waiting out servers
 * that are away (consumption pauses, nothing is skipped), and records metrics. Resolving means
 * the message may be committed.
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

  async handle(objects: readonly LakeObjectCreated[], keepAlive?: () => Promise<void>): Promise<ObjectOutcome[]> {
    const outcomes: ObjectOutcome[] = [];
    for (const object of objects) {
      const stopTimer = streamProcessorMetrics.objectDuration.get().startTimer();
      const outcome = await retryTransient(() => this.processor.process(object), {
        signal: this.stopping.signal,
        onRetry: async (error, attempt, delayMs) => {
          streamProcessorMetrics.transientRetries.get().inc();
          this.logger.warn(`${object.bucket}/${object.key}: ${(error as Error).message}; retrying in ${delayMs} ms (attempt ${attempt})`);
          await keepAlive?.().catch(() => undefined);
        },
      }).catch((error: unknown) => {
        streamProcessorMetrics.objects.get().inc({ outcome: 'failed' });
        throw error;
      });
      stopTimer();
      streamProcessorMetrics.objects.get().inc({ outcome: outcome.status });
      streamProcessorMetrics.events.get().inc({ outcome: 'applied' }, outcome.events);
      streamProcessorMetrics.events.get().inc({ outcome: 'rejected' }, outcome.rejected);
      if (outcome.status !== 'duplicate') {
        this.logger.log(`${outcome.bucket}/${outcome.key}: ${outcome.status}, ${outcome.events} events, ${outcome.rejected} rejected in ${outcome.durationMs} ms`);
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
}
