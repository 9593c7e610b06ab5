import { selectRows } from '../dataset/select-rows.util';
import { linearProblem } from '../../test-support/synthetic-problems';
import { HyperparameterSearch } from './hyperparameter-search';
import { InThreadTrialExecutor } from './in-thread-trial.executor';
import { PiscinaTrialExecutor } from './piscina-trial.executor';
import { TrialRequest } from './trial.types';

describe('PiscinaTrialExecutor', () => {
  const data = linearProblem({ numRows: 3000, seed: 31 });
  const datasets = {
    clicks: {
      train: selectRows(data, Array.from({ length: 2000 }, (_, i) => i)),
      validation: selectRows(data, Array.from({ length: 1000 }, (_, i) => 2000 + i)),
    },
  };
  let executor: PiscinaTrialExecutor;

  beforeAll(() => {
    executor = new PiscinaTrialExecutor({ datasets, threads: 2 });
  });

  afterAll(async () => {
    await executor.close();
  });

  it('runs TypeScript trials on worker threads with the same results as in-thread', async () => {
    const requests: TrialRequest[] = [0.05, 0.2].map((learningRate, i) => ({
      trialId: `t${i}`,
      datasetKey: 'clicks',
      params: { learningRate, numLeaves: 8 },
      fromRound: 0,
      toRound: 10,
      metrics: ['auc', 'logloss'],
    }));
    const [a, b] = await Promise.all(requests.map((r) => executor.run(r)));
    const local = new InThreadTrialExecutor(datasets);
    expect(a).toMatchObject({ trialId: 't0', completedRounds: 10 });
    expect(a.rounds).toEqual((await local.run(requests[0])).rounds);
    expect(b.model.trees).toEqual((await local.run(requests[1])).model.trees);
  });

  it('drives a search with two trials in flight', async () => {
    const outcome = await new HyperparameterSearch(executor).run({
      space: { learningRate: { type: 'log-uniform', low: 0.01, high: 0.3 } },
      sampler: { kind: 'random', seed: 1 },
      asha: { gracePeriod: 2, reductionFactor: 2 },
      maxRounds: 8,
      numTrials: 4,
      metric: 'auc',
      datasetKey: 'clicks',
    });
    expect(outcome.trials).toHaveLength(4);
    expect(outcome.best?.status).toBe('completed');
  });
});
