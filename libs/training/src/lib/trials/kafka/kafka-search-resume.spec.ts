/**
 * @jest-environment ../../jest-onnx.environment.js
 */
import { MessageCodec, TRAINER_TRIALS_TOPIC, TrainerTrial } from '@platform/kafka-events';
import { InThreadTrialExecutor } from '@platform/ml';
import { FileLake } from '@platform/s3-lake';
import { waitUntil } from '@platform/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeSimulatedEvents } from '../../../testing/simulated-events';
import { openTrainingHarness, TrainingHarness } from '../../../testing/training-harness';
import { TrainingDatasetBuilder } from '../../dataset/training-dataset.builder';
import { parseTrainingRequest } from '../../options/training-request';
import { TrainingPipeline } from '../../pipeline/training-pipeline';
import { RUN_TAGS } from '../../registry/run-tags';
import { KafkaTrialExecutorProvider } from './kafka-trial-executor.provider';
import { TrialPublisher } from './kafka-trial.executor';
import { StudyStore } from './study-store';
import { TrialSegmentWorker } from './trial-segment.worker';

jest.setTimeout(180_000);

/**
 * The Kafka executor's protocol without the broker (the multi-process test on Kafka is
 * apps/trainer's trainer-workers.real.spec): the coordinator dies after its third segment and a
 * new one resumes the same training from what the registry and the storage bucket hold.
 */
describe('a search on the Kafka executor resumed after its coordinator died', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-search-'));
  const lake = new FileLake({ root: join(dir, 'lake') });
  const codec = new MessageCodec();
  const request = parseTrainingRequest({ model: 'propensity', trials: 4, parallel: 1, maxRounds: 30, seed: 5, executor: 'kafka' });
  let harness: TrainingHarness;
  let studies: StudyStore;
  let worker: TrialSegmentWorker;
  const delivered: string[] = [];
  let coordinatorDied = false;

  /** Delivers each trial message to the worker, as Kafka would; after `dieAfter` messages it never returns (the coordinator's death). */
  const bus = (dieAfter = Infinity): TrialPublisher => {
    let sent = 0;
    return async (message) => {
      if (sent++ >= dieAfter) {
        coordinatorDied = true;
        return new Promise<void>(() => undefined);
      }
      const trial = codec.decode(TRAINER_TRIALS_TOPIC, codec.encode(TRAINER_TRIALS_TOPIC, message).value) as TrainerTrial;
      delivered.push(`${trial.trialId}:${trial.fromRound}..${trial.maxRounds}`);
      await worker.handle(trial);
    };
  };
  const coordinator = (publish: TrialPublisher) =>
    new TrainingPipeline({
      registry: harness.registry,
      datasets: new TrainingDatasetBuilder(harness.offline),
      artifacts: harness.artifacts,
      promotion: harness.promotion,
      executors: new KafkaTrialExecutorProvider({ registry: harness.registry, store: studies, publish, pollMs: 10 }),
      studies,
      codeVersion: 'test',
    });

  beforeAll(async () => {
    harness = await openTrainingHarness({ kind: 'sqlite', file: join(dir, 'platform.db') }, lake);
    studies = new StudyStore(lake);
    worker = new TrialSegmentWorker(harness.registry, studies, (datasets) => new InThreadTrialExecutor({ study: datasets }));
    await storeSimulatedEvents(harness.offline, { events: 40_000, seed: 9, users: 3_000, products: 1_500 });
  });

  afterAll(async () => {
    await worker?.close();
    await harness?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes the training without training a recorded segment again or recording a trial twice', async () => {
    const first = coordinator(bus(3));
    const run = await first.createRun(request);
    void first.execute(run.id, request);
    await waitUntil('the first coordinator to die sending its fourth segment', async () => coordinatorDied, (died) => died, 120_000);
    expect(delivered).toHaveLength(3);
    expect((await harness.registry.getRun(run.id)).status).toBe('RUNNING');

    const outcome = await coordinator(bus()).resume(run.id);
    expect(outcome).toMatchObject({ runId: run.id, version: 1, trials: { total: 4, failed: 0 } });
    expect((await harness.registry.getRun(run.id)).status).toBe('FINISHED');
    expect(delivered.length).toBeGreaterThan(4);
    expect(new Set(delivered).size).toBe(delivered.length);

    const children = (await harness.registry.searchRuns({ experiments: ['propensity'] })).filter((child) => child.tags[RUN_TAGS.parent] === run.id);
    const trials = children.filter((child) => child.tags[RUN_TAGS.kind] === 'trial');
    expect(trials.map((trial) => trial.tags[RUN_TAGS.trialId]).sort()).toEqual(['trial-0001', 'trial-0002', 'trial-0003', 'trial-0004']);
    for (const trial of trials) {
      expect(trial.status).toBe('FINISHED');
      const steps = (await harness.registry.getMetricHistory(trial.id, 'valid_auc')).map((point) => point.step);
      expect(steps).toEqual(Array.from({ length: steps.length }, (_, i) => i + 1));
    }
  });

  it('refuses to resume a training that has ended, saying why', async () => {
    const training = (await harness.registry.searchRuns({ experiments: ['propensity'] })).find((run) => run.tags[RUN_TAGS.kind] === 'training');
    expect(training?.status).toBe('FINISHED');
    await expect(coordinator(bus()).resume(training?.id as string)).rejects.toThrow(/is FINISHED: only one whose coordinator stopped/);
  });
});

