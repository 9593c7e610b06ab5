import { RandomSampler } from './random.sampler';
import { Sampler, TrialObservation } from './sampler.interface';
import { SearchSpace, ParamAssignment } from './search-space.types';
import { TpeSampler } from './tpe.sampler';

const space: SearchSpace = {
  x: { type: 'uniform', low: -5, high: 5 },
  y: { type: 'log-uniform', low: 1e-3, high: 10 },
  n: { type: 'int', low: 1, high: 64, log: true },
  c: { type: 'choice', values: ['a', 'b', 'c', 'd'] },
};

/** Maximum 0 at x = 1.3, y = 10^-1.5, n = 16, c = 'c'. */
function objective(p: ParamAssignment): number {
  const x = p.x as number;
  const y = p.y as number;
  const n = p.n as number;
  return -((x - 1.3) ** 2) - (Math.log10(y) + 1.5) ** 2 - (Math.log2(n) - 4) ** 2 / 4 - (p.c === 'c' ? 0 : 1);
}

function bestAfter(sampler: Sampler, budget: number): number {
  const history: TrialObservation[] = [];
  for (let t = 0; t < budget; t++) {
    const params = sampler.suggest(history);
    history.push({ params, score: objective(params) });
  }
  return Math.max(...history.map((o) => o.score));
}

describe('samplers', () => {
  it('draw within the domains', () => {
    const sampler = new RandomSampler(space, 1);
    for (let i = 0; i < 200; i++) {
      const p = sampler.suggest([]);
      expect(p.x).toBeGreaterThanOrEqual(-5);
      expect(p.x).toBeLessThanOrEqual(5);
      expect(p.y).toBeGreaterThanOrEqual(1e-3);
      expect(Number.isInteger(p.n)).toBe(true);
      expect(['a', 'b', 'c', 'd']).toContain(p.c);
    }
  });

  it('continue identically from a saved state', () => {
    for (const make of [(s?: ReturnType<Sampler['getState']>) => new RandomSampler(space, 7, s), (s?: ReturnType<Sampler['getState']>) => new TpeSampler(space, 7, { startupTrials: 3 }, s)]) {
      const a = make();
      const history: TrialObservation[] = [];
      for (let i = 0; i < 6; i++) {
        const params = a.suggest(history);
        history.push({ params, score: objective(params) });
      }
      const saved = JSON.parse(JSON.stringify(a.getState()));
      const b = make(saved);
      expect(b.suggest(history)).toEqual(a.suggest(history));
    }
  });

  it('TPE beats random search at a fixed budget, averaged over seeds', () => {
    const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
    const budget = 40;
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const random = mean(seeds.map((seed) => bestAfter(new RandomSampler(space, seed), budget)));
    const tpe = mean(seeds.map((seed) => bestAfter(new TpeSampler(space, seed), budget)));
    expect(tpe).toBeGreaterThan(random);
  });
});
