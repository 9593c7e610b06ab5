import { openPlatformDataSource } from '@platform/database';
import type { SearchState, TrialRecord } from '@platform/ml';
import { REGISTRY_SCHEMA, RegistryService } from '@platform/model-registry';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { RUN_TAGS } from './run-tags';
import { TrialRunRecorder } from './trial-run-recorder';

const trial = (id: string, rounds: number, status: TrialRecord['status']): TrialRecord => ({
  id,
  params: { learningRate: 0.1 },
  status,
  rounds: Array.from({ length: rounds }, (_, i) => ({ round: i + 1, metrics: { auc: 0.6 + i / 1000 } })),
  completedRounds: rounds,
  score: 0.6,
});

const stateOf = (...trials: TrialRecord[]): SearchState => ({ trials, elapsedMs: 0 }) as unknown as SearchState;

/**
 * The search calls onState from each trial slot, so with trials in parallel two calls overlap when
 * two segments end together (the Kafka executor's poll sees both records at once). Each round
 * must still be one metric point and each trial one run.
 */
describe('TrialRunRecorder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trial-run-recorder-'));
  let dataSource: DataSource;
  let registry: RegistryService;

  beforeAll(async () => {
    dataSource = await openPlatformDataSource({ kind: 'sqlite', file: join(dir, 'registry.db') }, [REGISTRY_SCHEMA]);
    registry = new RegistryService(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs each round once and creates each trial run once when syncs overlap', async () => {
    const parent = await registry.createRun({ experiment: 'recorder', tags: { [RUN_TAGS.kind]: 'training' } });
    const recorder = new TrialRunRecorder(registry, { experiment: 'recorder', parentRunId: parent.id, metric: 'auc', fixedParams: {} });

    const first = stateOf(trial('trial-0001', 10, 'ready'), trial('trial-0002', 10, 'ready'));
    const second = stateOf(trial('trial-0001', 10, 'ready'), trial('trial-0002', 30, 'completed'));
    await Promise.all([recorder.sync(first), recorder.sync(first), recorder.sync(second)]);

    const runs = (await registry.searchRuns({ experiments: ['recorder'] })).filter((run) => run.tags[RUN_TAGS.parent] === parent.id);
    expect(runs.map((run) => run.name).sort()).toEqual(['trial-0001', 'trial-0002']);
    for (const run of runs) {
      const steps = (await registry.getMetricHistory(run.id, 'valid_auc')).map((point) => point.step);
      const rounds = run.name === 'trial-0001' ? 10 : 30;
      expect(steps).toEqual(Array.from({ length: rounds }, (_, i) => i + 1));
    }
    expect(runs.find((run) => run.name === 'trial-0002')?.status).toBe('FINISHED');
  });
});
