import { Logger } from '@nestjs/common';
import type { TrainerTrial } from '@platform/kafka-events';
import { EvalMetricName, TrialExecutor, TrialResult } from '@platform/ml';
import type { RegistryService } from '@platform/model-registry';
import { InvalidTrainingRequestError } from '../../errors/invalid-training-request.error';
import { SEGMENT_DONE, segmentFailedValue, segmentRecordKey } from './segment-record';
import { StudyStore } from './study-store';

/** Opens an executor over one study's data (worker threads, so that the event loop keeps the group membership alive). */
export type StudyExecutorFactory = (datasets: Awaited<ReturnType<StudyStore['readDataset']>>) => TrialExecutor;

/** The key a study's executor holds its data under. */
export const STUDY_DATASET_KEY = 'study';
const KEEP_ALIVE_EVERY_MS = 1000;

/**
 * A trainer worker's job (`TRAINER_ROLE=worker`): trains one `trainer.trials` segment, writes
 * its result to the study's folder and records it on the training run. A segment already
 * recorded is skipped, so a redelivery (a worker killed before committing, a rebalance) is
 * recorded once. The study's dataset is read once and kept while its segments keep coming.
 */
export class TrialSegmentWorker {
  private readonly logger = new Logger(TrialSegmentWorker.name);
  private study?: { id: string; executor: TrialExecutor };

  constructor(
    private readonly registry: Pick<RegistryService, 'getRun' | 'setTags'>,
    private readonly store: StudyStore,
    private readonly openExecutor: StudyExecutorFactory,
  ) {}

  /** `keepAlive` is called every second while training (Kafka's heartbeat). */
  async handle(trial: TrainerTrial, keepAlive?: () => Promise<void>): Promise<void> {
    const studyId = studyOrThrow(trial);
    const toRound = trial.maxRounds;
    if (toRound === undefined) throw new InvalidTrainingRequestError('maxRounds', 'a trial segment needs the round it ends at');
    const key = segmentRecordKey(trial.trialId, toRound);
    const run = await this.registry.getRun(studyId);
    if (run.tags[key] !== undefined) {
      this.logger.log(`${studyId} ${trial.trialId} to round ${toRound}: already recorded, skipped`);
      return;
    }
    const started = performance.now();
    this.logger.log(`${studyId} ${trial.trialId} rounds ${trial.fromRound}..${toRound} started`);
    // Reading the data may fail for a while (the S3 server): thrown, so the bus retries the message.
    const executor = await this.executorFor(studyId);
    const initModel = trial.fromRound > 0 ? (await this.store.readResult(studyId, trial.trialId, trial.fromRound))?.model : undefined;
    if (trial.fromRound > 0 && !initModel) {
      await this.registry.setTags(studyId, { [key]: segmentFailedValue(`no checkpoint after round ${trial.fromRound} in the study's folder`) });
      return;
    }
    let result: TrialResult;
    const beat = setInterval(() => void keepAlive?.().catch(() => undefined), KEEP_ALIVE_EVERY_MS);
    try {
      result = await executor.run({
        trialId: trial.trialId,
        datasetKey: STUDY_DATASET_KEY,
        params: trial.params as Record<string, number>,
        fromRound: trial.fromRound,
        toRound,
        ...(initModel ? { initModel } : {}),
        metrics: trial.metrics as EvalMetricName[],
      });
    } catch (error) {
      // Training is pure computation: a segment that throws (its parameters, its checkpoint) fails the same way anywhere.
      await this.registry.setTags(studyId, { [key]: segmentFailedValue((error as Error).message) });
      this.logger.warn(`${studyId} ${trial.trialId} to round ${toRound} failed: ${(error as Error).message}`);
      return;
    } finally {
      clearInterval(beat);
    }
    await this.store.writeResult(studyId, toRound, result);
    await this.registry.setTags(studyId, { [key]: SEGMENT_DONE });
    this.logger.log(`${studyId} ${trial.trialId} rounds ${trial.fromRound}..${toRound} trained (${result.completedRounds} rounds) in ${Math.round(performance.now() - started)} ms`);
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  async close(): Promise<void> {
    await this.study?.executor.close();
    this.study = undefined;
  }

  private async executorFor(studyId: string) {
    if (this.study?.id === studyId) return this.study.executor;
    await this.close();
    const started = performance.now();
    const datasets = await this.store.readDataset(studyId);
    this.study = { id: studyId, executor: this.openExecutor(datasets) };
    this.logger.log(`study ${studyId}: dataset of ${datasets.train.numRows} + ${datasets.validation.numRows} rows read in ${Math.round(performance.now() - started)} ms`);
    return this.study.executor;
  }
}

function studyOrThrow(trial: TrainerTrial): string {
  const study = trial.datasetUri === undefined ? trial.studyId : StudyStore.studyOf(trial.datasetUri);
  if (study !== trial.studyId) {
    throw new InvalidTrainingRequestError('datasetUri', `expected ${StudyStore.datasetUri(trial.studyId)}, got ${JSON.stringify(trial.datasetUri)}`);
  }
  return study;
}
