/**
 * @jest-environment ../../jest-onnx.environment.js
 */
import { FileLake } from '@platform/s3-lake';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeSimulatedEvents } from '../../testing/simulated-events';
import { openTrainingHarness, TrainingHarness } from '../../testing/training-harness';
import { parseTrainingRequest } from '../options/training-request';

jest.setTimeout(30 * 60_000);

/**
 * The best ROC-AUC any model can reach on the default examples of the simulator's 300k-event
 * stream with seed 42, scoring each example with its true purchase probability: the table of
 * libs/simulator/README.md, "Ground truth" (0.818 for the 1M-event stream).
 *
 * Issue 13 wants the champion within 0.02 of it. It is not there: measured 0.708 on this stream
 * (2026-12-02), a gap of 0.11 that no search closes. The truth's latent terms (a per-user
 * propensity with a standard deviation of 0.8 on the logit, per-user price sensitivity and
 * preferred categories) are invisible to the features of users seen in one or two sessions:
 * `npm run bench -- train` fits LightGBM on the trainer's examples of the 1M-event stream and it
 * reaches no more than the trainer (0.7376 against 0.7373, fixed parameters; docs/benchmarks.md,
 * train). Until the features (or the simulator's documented figure, as the best achievable
 * from observable inputs) change, this test holds the champion to what it reaches today, so a
 * regression in the dataset or the search fails it, and states the gap.
 */
const BEST_ACHIEVABLE_AUC = 0.816;
/** The champion's test ROC-AUC measured on this stream, less a margin for the seeds of the search. */
const CHAMPION_FLOOR = 0.69;

describe('the champion on the simulator stream (300k events, seed 42)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simulator-champion-'));
  let harness: TrainingHarness;

  beforeAll(async () => {
    harness = await openTrainingHarness({ kind: 'sqlite', file: join(dir, 'platform.db') }, new FileLake({ root: join(dir, 'lake') }));
    expect(await storeSimulatedEvents(harness.offline, { events: 300_000, seed: 42 })).toBe(300_000);
  });

  afterAll(async () => {
    await harness?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`makes a champion of test ROC-AUC ${CHAMPION_FLOOR} or more (best achievable ${BEST_ACHIEVABLE_AUC})`, async () => {
    const request = parseTrainingRequest({ model: 'simulated', trials: 8, parallel: 2, maxRounds: 300, seed: 42 });
    const run = await harness.pipeline.createRun(request);
    const outcome = await harness.pipeline.execute(run.id, request);
    const auc = outcome.testMetrics['roc_auc'] as number;
    process.stderr.write(`simulator 300k seed 42: champion test ROC-AUC ${auc.toFixed(4)}, ${(BEST_ACHIEVABLE_AUC - auc).toFixed(3)} below the best achievable\n`);
    expect(outcome.promotion.promoted).toBe(true);
    expect(auc).toBeGreaterThanOrEqual(CHAMPION_FLOOR);
    // Above the truth's own score would mean the examples see their future.
    expect(auc).toBeLessThan(BEST_ACHIEVABLE_AUC);
  });
});
