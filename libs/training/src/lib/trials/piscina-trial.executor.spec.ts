import { HyperparameterSearch, InThreadTrialExecutor, TrialRequest } from '@platform/ml';
import { linearTrialDatasets } from '../../testing/linear-problem';
import { PiscinaTrialExecutor } from './piscina-trial.executor';

describe('PiscinaTrialExecutor', () => {
  const datasets = linearTrialDatasets(2000, 1000, 31);
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
    expect(a?.rounds).toEqual((await local.run(requests[0] as TrialRequest)).rounds);
    expect(b?.model.trees).toEqual((await local.run(requests[1] as TrialRequest)).model.trees);
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

  it('rejects a segment for a dataset it does not hold, naming it', async () => {
    await expect(
      executor.run({ trialId: 'x', datasetKey: 'nope', params: {}, fromRound: 0, toRound: 1, metrics: ['auc'] }),
    ).rejects.toThrow(/no dataset nope/);
  });
});
