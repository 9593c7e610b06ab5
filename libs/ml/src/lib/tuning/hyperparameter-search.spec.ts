import { itemAt } from '@platform/common';
import { selectRows } from '../dataset/select-rows.util';
import { linearProblem } from '../../test-support/synthetic-problems';
import { HyperparameterSearch } from './hyperparameter-search';
import { InThreadTrialExecutor } from './in-thread-trial.executor';
import { HyperparameterSearchConfig, SearchState } from './search-state.types';
import { TrialDatasetMap } from './trial-datasets.types';
import { TrialExecutor } from './trial-executor.interface';
import { TrialRequest, TrialResult } from './trial.types';

function datasets(): TrialDatasetMap {
  const data = linearProblem({ numRows: 3000, seed: 21 });
  return {
    clicks: {
      train: selectRows(data, Array.from({ length: 2000 }, (_, i) => i)),
      validation: selectRows(data, Array.from({ length: 1000 }, (_, i) => 2000 + i)),
    },
  };
}

const config: HyperparameterSearchConfig = {
  space: {
    // Learning rates from hopeless (1e-4: nothing learnt in 27 rounds) to good.
    learningRate: { type: 'log-uniform', low: 1e-4, high: 0.3 },
    numLeaves: { type: 'int', low: 4, high: 16 },
  },
  fixedParams: { minDataInLeaf: 10 },
  sampler: { kind: 'random', seed: 3 },
  asha: { gracePeriod: 3, reductionFactor: 3 },
  maxRounds: 27,
  numTrials: 12,
  metric: 'logloss',
  datasetKey: 'clicks',
};

/** Counts segments, to prove a resumed search does not redo work. */
class CountingExecutor implements TrialExecutor {
  readonly concurrency = 1;
  readonly requests: TrialRequest[] = [];
  constructor(private readonly inner: TrialExecutor) {}
  run(request: TrialRequest): Promise<TrialResult> {
    this.requests.push(request);
    return this.inner.run(request);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

describe('HyperparameterSearch', () => {
  const data = datasets();

  it('stops bad trials early with ASHA and keeps the good ones to the end', async () => {
    const rounds: string[] = [];
    const search = new HyperparameterSearch(new InThreadTrialExecutor(data), {
      onRound: (trial, round) => rounds.push(`${trial.id}:${round.round}`),
    });
    const outcome = await search.run(config);
    expect(outcome.trials).toHaveLength(12);
    const stopped = outcome.trials.filter((t) => t.status === 'stopped');
    const completed = outcome.trials.filter((t) => t.status === 'completed');
    expect(stopped.length).toBeGreaterThan(0);
    expect(completed.length).toBeGreaterThan(0);
    for (const t of stopped) expect(t.completedRounds).toBeLessThan(27);
    for (const t of completed) expect(t.completedRounds).toBe(27);
    // The hopeless learning rates never reach the end; the best trial has a sensible one.
    const hopeless = outcome.trials.filter((t) => (t.params.learningRate as number) < 3e-3);
    expect(hopeless.length).toBeGreaterThan(0);
    for (const t of hopeless) expect(t.status).toBe('stopped');
    expect(outcome.best?.status).toBe('completed');
    expect(outcome.best?.params.learningRate as number).toBeGreaterThan(0.02);
    // Every round of every trial was reported, once and in order.
    expect(rounds).toHaveLength(outcome.trials.reduce((n, t) => n + t.completedRounds, 0));
    expect(rounds[0]).toBe('trial-0001:1');
    // State is plain JSON without checkpoints of finished trials.
    expect(JSON.parse(JSON.stringify(outcome.state))).toEqual(outcome.state);
    expect(outcome.state.trials.every((t) => t.checkpoint === undefined)).toBe(true);
  });

  it('resumes a crashed search without redoing finished work, ending as if never interrupted', async () => {
    const tpeConfig: HyperparameterSearchConfig = { ...config, sampler: { kind: 'tpe', seed: 9, tpe: { startupTrials: 4 } }, numTrials: 8 };
    const uninterrupted = await new HyperparameterSearch(new InThreadTrialExecutor(data)).run(tpeConfig);

    // Crash: keep the state published while the 6th segment was in flight.
    const states: SearchState[] = [];
    const crashing = new CountingExecutor(new InThreadTrialExecutor(data));
    const crashAt = 6;
    const original = crashing.run.bind(crashing);
    let crashed!: () => void;
    const crash = new Promise<void>((resolve) => (crashed = resolve));
    crashing.run = (request) => {
      if (crashing.requests.length + 1 < crashAt) return original(request);
      crashing.requests.push(request);
      crashed();
      return new Promise<TrialResult>(() => undefined); // the process dies with this segment in flight
    };
    const abandoned = new HyperparameterSearch(crashing, { onState: (s) => void states.push(JSON.parse(JSON.stringify(s))) });
    void abandoned.run(tpeConfig);
    await crash;
    const saved = itemAt(states, states.length - 1);
    expect(saved.trials.some((t) => t.status === 'running')).toBe(true);
    const finishedBefore = saved.trials.filter((t) => t.status === 'completed' || t.status === 'stopped').map((t) => t.id);
    expect(finishedBefore.length).toBeGreaterThan(0);

    const counting = new CountingExecutor(new InThreadTrialExecutor(data));
    const resumed = await new HyperparameterSearch(counting).resume(saved);
    for (const request of counting.requests) expect(finishedBefore).not.toContain(request.trialId);
    expect(resumed.trials.map((t) => [t.id, t.params, t.status, t.completedRounds, t.score])).toEqual(
      uninterrupted.trials.map((t) => [t.id, t.params, t.status, t.completedRounds, t.score]),
    );
  });

  it('refuses a space with parameters the trainer does not have', () => {
    const search = new HyperparameterSearch(new InThreadTrialExecutor(data));
    expect(() => search.run({ ...config, space: { learning_rate: { type: 'uniform', low: 0, high: 1 } } })).toThrow(/learning_rate/);
  });

  it('starts no new segment after the time budget', async () => {
    const outcome = await new HyperparameterSearch(new InThreadTrialExecutor(data)).run({ ...config, timeBudgetMs: 1 });
    expect(outcome.trials.length).toBeLessThanOrEqual(1);
    expect(outcome.trials.every((t) => t.status !== 'running')).toBe(true);
  });
});
