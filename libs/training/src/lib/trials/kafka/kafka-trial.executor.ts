import { Logger } from '@nestjs/common';
import { abortableDelay } from '@platform/common';
import type { MessageOf, TRAINER_TRIALS_TOPIC } from '@platform/kafka-events';
import { TrialExecutor, TrialRequest, TrialResult } from '@platform/ml';
import type { RegistryService } from '@platform/model-registry';
import { TrainingCancelledError } from '../../errors/training-cancelled.error';
import { TrialSegmentFailedError } from '../../errors/trial-segment-failed.error';
import { segmentFailureOf, segmentRecordKey } from './segment-record';
import { StudyStore } from './study-store';

/** Sends one message on `trainer.trials` (the bus's EventPublisher in the app). */
export type TrialPublisher = (trial: MessageOf<typeof TRAINER_TRIALS_TOPIC>) => Promise<void>;

export interface KafkaTrialExecutorOptions {
  /** The training run: names the study, its folder in `storage` and where workers record segments. */
  readonly studyId: string;
  readonly concurrency: number;
  readonly publish: TrialPublisher;
  readonly registry: Pick<RegistryService, 'getRun'>;
  readonly store: StudyStore;
  /** How often the registry is asked whether a segment was recorded. */
  readonly pollMs?: number;
  /** How long without a record before a line says the workers may be missing. */
  readonly patienceMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * Runs trial segments on a group of trainer workers (`TRAINER_ROLE=worker`) through Kafka: each
 * segment is a `trainer.trials` message; a worker trains it, writes its result to the study's
 * folder in `storage` and records it on the training run; this executor waits for that record
 * and reads the result. A segment already recorded (a resumed search) is not sent again; a
 * worker killed mid-segment leaves its offset uncommitted, so another worker of the group
 * trains it.
 */
export class KafkaTrialExecutor implements TrialExecutor {
  private readonly logger = new Logger(KafkaTrialExecutor.name);
  readonly concurrency: number;

  constructor(private readonly options: KafkaTrialExecutorOptions) {
    this.concurrency = options.concurrency;
  }

  async run(request: TrialRequest): Promise<TrialResult> {
    const { studyId, store } = this.options;
    const key = segmentRecordKey(request.trialId, request.toRound);
    let record = await this.recordOf(key);
    if (record === undefined) {
      await this.options.publish({
        schemaVersion: 1,
        studyId,
        trialId: request.trialId,
        params: request.params as Record<string, number>,
        fromRound: request.fromRound,
        maxRounds: request.toRound,
        metrics: [...request.metrics],
        datasetUri: StudyStore.datasetUri(studyId),
      });
      record = await this.waitForRecord(key, request);
    }
    const failure = segmentFailureOf(record);
    if (failure !== undefined) throw new TrialSegmentFailedError(request.trialId, request.toRound, failure);
    const result = await store.readResult(studyId, request.trialId, request.toRound);
    if (!result) throw new TrialSegmentFailedError(request.trialId, request.toRound, 'recorded, but its result is missing from the storage bucket');
    return result;
  }

  async close(): Promise<void> {
    // Nothing is held: the study's folder stays, for a resumed search and for inspection.
  }

  private async recordOf(key: string): Promise<string | undefined> {
    return (await this.options.registry.getRun(this.options.studyId)).tags[key];
  }

  private async waitForRecord(key: string, request: TrialRequest): Promise<string> {
    const pollMs = this.options.pollMs ?? 250;
    const patienceMs = this.options.patienceMs ?? 60_000;
    const started = Date.now();
    let warnedAt = started;
    for (;;) {
      if (!(await abortableDelay(pollMs, this.options.signal))) throw new TrainingCancelledError('search');
      const record = await this.recordOf(key);
      if (record !== undefined) return record;
      if (Date.now() - warnedAt >= patienceMs) {
        warnedAt = Date.now();
        this.logger.warn(
          `${request.trialId} (rounds ${request.fromRound}..${request.toRound}) not trained after ${Math.round((warnedAt - started) / 1000)} s: ` +
            'are trainer workers running on this Kafka (TRAINER_ROLE=worker npx nx serve trainer)?',
        );
      }
    }
  }
}
