/**
 * @jest-environment ../../jest-onnx.environment.js
 */
import { parseModelManifest } from '@platform/model-registry';
import { FileLake } from '@platform/s3-lake';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NoCleanEventsError } from '../errors/no-clean-events.error';
import { parseTrainingRequest } from '../options/training-request';
import { storeSimulatedEvents } from '../../testing/simulated-events';
import { openTrainingHarness, TrainingHarness } from '../../testing/training-harness';
import { RUN_TAGS } from '../registry/run-tags';
import { TrainingOutcome } from './training-pipeline';

jest.setTimeout(180_000);

/** The whole training on the embedded adapters (SQLite, a folder as the lake), on simulated events. */
describe('TrainingPipeline on SQLite and a file lake', () => {
  const dir = mkdtempSync(join(tmpdir(), 'training-'));
  let harness: TrainingHarness;
  const request = parseTrainingRequest({ model: 'propensity', trials: 4, parallel: 2, maxRounds: 30, seed: 3 });
  let first: TrainingOutcome;

  beforeAll(async () => {
    harness = await openTrainingHarness({ kind: 'sqlite', file: join(dir, 'platform.db') }, new FileLake({ root: join(dir, 'lake') }));
    await storeSimulatedEvents(harness.offline, { events: 60_000, seed: 11, users: 4_000, products: 2_000 });
    const run = await harness.pipeline.createRun(request);
    first = await harness.pipeline.execute(run.id, request);
  });

  afterAll(async () => {
    await harness?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records the training, every trial and the final fit as runs', async () => {
    const training = await harness.registry.getRun(first.runId);
    expect(training).toMatchObject({ status: 'FINISHED', tags: { [RUN_TAGS.kind]: 'training', [RUN_TAGS.stage]: 'done', [RUN_TAGS.version]: '1' } });
    expect(training.latestMetrics['test_roc_auc']).toBeCloseTo(first.testMetrics['roc_auc'] as number, 10);
    const children = (await harness.registry.searchRuns({ experiments: ['propensity'] })).filter((run) => run.tags[RUN_TAGS.parent] === first.runId);
    const trials = children.filter((run) => run.tags[RUN_TAGS.kind] === 'trial');
    expect(trials).toHaveLength(4);
    for (const trial of trials) {
      expect(trial.status).toBe('FINISHED');
      expect(['completed', 'stopped']).toContain(trial.tags[RUN_TAGS.trialStatus]);
      const series = await harness.registry.getMetricHistory(trial.id, 'valid_auc');
      expect(series.map((point) => point.step)).toEqual(Array.from({ length: series.length }, (_, i) => i + 1));
      expect(series.length).toBeGreaterThanOrEqual(10);
    }
    const [finalFit] = children.filter((run) => run.tags[RUN_TAGS.kind] === 'final-fit');
    expect(finalFit?.status).toBe('FINISHED');
    expect(Object.keys(finalFit?.latestMetrics ?? {})).toEqual(expect.arrayContaining(['test_roc_auc', 'test_pr_auc', 'test_log_loss', 'test_f1', 'valid_auc', 'valid_logloss']));
    expect(JSON.parse(finalFit?.tags[RUN_TAGS.calibration] ?? '[]')).toHaveLength(10);
    expect(first.trials.total).toBe(4);
  });

  it('registers a READY version whose files are in storage, with a manifest that matches it', async () => {
    const version = await harness.registry.getVersion('propensity', 1);
    expect(version).toMatchObject({ status: 'READY', artifactUri: 's3://storage/models/propensity/1/', aliases: ['champion'] });
    const { manifest, onnx } = await harness.artifacts.read(version.artifactUri);
    expect(parseModelManifest(manifest)).toEqual(manifest);
    expect(manifest).toMatchObject({ model: 'propensity', version: 1, exampleMode: 'first-view', onnx: { file: 'model.onnx', inputName: 'features' } });
    expect(manifest.onnx.verification.maxAbsDifference).toBeLessThanOrEqual(1e-5);
    expect(manifest.metrics['roc_auc']).toBeCloseTo(version.metrics['roc_auc'] as number, 12);
    expect(Object.keys(manifest.referenceHistograms).sort()).toEqual([...manifest.featureNames].sort());
    expect(manifest.vocabularies['brand']?.length).toBeGreaterThan(10);
    expect(onnx.length).toBeGreaterThan(1000);
    expect(first.testMetrics['roc_auc']).toBeGreaterThan(0.7);
  });

  it('makes the first version champion, recording why, and announces it', async () => {
    const history = await harness.registry.aliasHistory('propensity', 'champion');
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ fromVersion: null, toVersion: 1, actor: 'trainer' });
    expect(history[0]?.reason).toMatch(/^automatic: v1 test ROC-AUC 0\.\d{5} .*no version held champion/);
    expect(harness.announcer.messages).toEqual([
      expect.objectContaining({ model: 'propensity', version: 1, alias: 'champion', artifactUri: 's3://storage/models/propensity/1/' }),
    ]);
  });

  it('leaves the champion in place when a second training is not better on the same test rows', async () => {
    const run = await harness.pipeline.createRun(request);
    const second = await harness.pipeline.execute(run.id, request);
    expect(second.version).toBe(2);
    expect(second.promotion).toMatchObject({ promoted: false, championVersion: 1 });
    expect(second.promotion.reason).toMatch(/vs champion v1 0\.\d{5} .* on the same \d+ test examples: gain -?0\.\d{5} < PROMOTION_MIN_AUC_GAIN 0\.001/);
    expect((await harness.registry.resolve('propensity@champion')).version).toBe(1);
    expect(await harness.registry.aliasHistory('propensity', 'champion')).toHaveLength(1);
    expect((await harness.registry.getRun(run.id)).tags).toMatchObject({ [RUN_TAGS.promotion]: 'kept-champion', [RUN_TAGS.version]: '2' });
    expect((await harness.registry.getVersion('propensity', 2)).status).toBe('READY');
    expect(harness.announcer.messages).toHaveLength(1);
  });

  it('rolls back by hand, recording who and why', async () => {
    await harness.promotion.moveAlias('propensity', 'champion', 2, { actor: 'ops', reason: 'manual: try v2' });
    await harness.promotion.moveAlias('propensity', 'champion', 1, { actor: 'ops', reason: 'rollback: v2 looked worse online' });
    const history = await harness.registry.aliasHistory('propensity', 'champion');
    expect(history.map((entry) => [entry.fromVersion, entry.toVersion, entry.actor])).toEqual([
      [null, 1, 'trainer'],
      [1, 2, 'ops'],
      [2, 1, 'ops'],
    ]);
    expect(harness.announcer.messages.map((message) => message.version)).toEqual([1, 2, 1]);
  });

  it('fails with a clear error, and a FAILED run, when the range holds no clean event', async () => {
    const empty = parseTrainingRequest({ model: 'propensity', from: '2030-01-01T00:00:00Z' });
    const run = await harness.pipeline.createRun(empty);
    const error = await harness.pipeline.execute(run.id, empty).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoCleanEventsError);
    expect((error as Error).message).toMatch(/no clean events in the offline store between 2030-01-01T00:00:00.000Z and the end: load events/);
    expect(await harness.registry.getRun(run.id)).toMatchObject({ status: 'FAILED', tags: { 'failure.reason': expect.stringMatching(/^dataset: no clean events/) } });
  });
});
