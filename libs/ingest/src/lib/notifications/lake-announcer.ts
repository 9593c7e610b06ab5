import { Inject, Injectable, Logger } from '@nestjs/common';
import { classifyFailure, lakeObjectIdText, retryWithBackoff } from '@platform/common';
import { lakeObjectCreatedNotification, LakeNotification, LakeObjectWritten } from '@platform/kafka-events';
import { setTimeout as delay } from 'node:timers/promises';
import { INGEST_WRITER, LAKE_ANNOUNCER_OPTIONS, NOTIFICATION_SENDER } from '../ingest.constants';
import { ingestMetrics } from '../ingest.metrics';

/** Sends one notification on `data_streaming`; resolves once the bus has it. */
export interface NotificationSender {
  send(notification: LakeNotification): Promise<void>;
}

export interface LakeAnnouncerOptions {
  /** `writer`: announce every write; `lake`: the lake (MinIO) notifies by itself, `announce` does nothing. */
  mode: 'writer' | 'lake';
  /** First retry delay, doubled per failure up to `maxDelayMs` (±20 % jitter). */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Announces lake objects on `data_streaming` in the S3/MinIO format (DESIGN.md section 4) for a
 * lake that cannot. A write that was acknowledged must not be lost to a bus outage, and the
 * writer must not wait for the bus: `announce` returns at once and retries in the background
 * with backoff until the bus takes the message or the announcer is closed; what is still
 * pending then is logged, and the reconciliation (`BronzeReconciler`) finds it later.
 */
@Injectable()
export class LakeAnnouncer {
  private readonly logger = new Logger(LakeAnnouncer.name);
  private readonly pending = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(
    @Inject(NOTIFICATION_SENDER) private readonly sender: NotificationSender,
    @Inject(LAKE_ANNOUNCER_OPTIONS) private readonly options: LakeAnnouncerOptions,
  ) {
    this.initialDelayMs = options.initialDelayMs ?? 200;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
  }

  get mode(): 'writer' | 'lake' {
    return this.options.mode;
  }

  /** Notifications accepted by `announce` and not yet delivered. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Schedules the object's notification (nothing in `lake` mode); never throws. */
  announce(object: LakeObjectWritten): void {
    if (this.options.mode === 'lake') return;
    const id = lakeObjectIdText(object);
    if (this.pending.has(id) || this.stopping.signal.aborted) {
      if (this.stopping.signal.aborted) this.logger.warn(`not announced (stopping): ${id}; the reconciliation will find it`);
      return;
    }
    const delivery = this.deliver(object).finally(() => {
      this.pending.delete(id);
      ingestMetrics.notificationsPending.get().set(this.pending.size);
    });
    this.pending.set(id, delivery);
    ingestMetrics.notificationsPending.get().set(this.pending.size);
  }

  /** Publishes now, in either mode, and throws when the bus refuses (the reconciliation wants to know). */
  async announceNow(object: LakeObjectWritten): Promise<void> {
    await this.sender.send(notificationOf(object));
  }

  /** Resolves when every pending notification is delivered (or given up at close). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending.values()]);
  }

  /** Gives pending notifications `graceMs` more, then stops retrying and logs what is left. */
  async close(graceMs = 5000): Promise<void> {
    if (this.pending.size > 0) {
      await Promise.race([this.idle(), delay(graceMs, undefined, { ref: false })]);
    }
    this.stopping.abort();
    await this.idle();
  }

  private async deliver(object: LakeObjectWritten): Promise<void> {
    const where = `${object.bucket}/${object.key}`;
    try {
      const attempts = await retryWithBackoff(
        async (attempt) => {
          await this.sender.send(notificationOf(object)).catch((error: unknown) => {
            ingestMetrics.notificationFailures.get().inc();
            throw error;
          });
          return attempt;
        },
        {
          initialDelayMs: this.initialDelayMs,
          maxDelayMs: this.maxDelayMs,
          signal: this.stopping.signal,
          onRetry: (error, attempt, delayMs) => {
            if (attempt === 1 || attempt % 10 === 0) {
              this.logger.warn(`announcing ${where} failed (attempt ${attempt}), retrying in ${delayMs} ms: ${(error as Error).message}`);
            }
          },
        },
      );
      if (attempts > 1) this.logger.log(`announced ${where} after ${attempts} attempts`);
    } catch (error) {
      const why = classifyFailure(error).retriable ? 'stopping' : 'not retriable';
      this.logger.error(`giving up announcing ${where} (${why}): ${(error as Error).message}; run the reconciliation`);
    }
  }
}

function notificationOf(object: LakeObjectWritten): LakeNotification {
  return lakeObjectCreatedNotification({ ...object, writer: INGEST_WRITER });
}
