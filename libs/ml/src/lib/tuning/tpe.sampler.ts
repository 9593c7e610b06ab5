import { itemAt } from '@platform/common';
import { SeededRandom } from '../common/seeded-random';
import { ParzenEstimator } from './parzen-estimator';
import { Sampler, SamplerState, TrialObservation } from './sampler.interface';
import { fromUnit, isNumericDomain, sampleDomain, toUnit, validateSearchSpace } from './search-space.util';
import { ParamAssignment, ParamDomain, ParamValue, SearchSpace } from './search-space.types';

export interface TpeOptions {
  /** Random suggestions before the model takes over. */
  readonly startupTrials: number;
  /** Candidates drawn from the "good" density per parameter; the best ratio wins. */
  readonly candidates: number;
  /** Fraction of trials counted as good (at most maxGood of them). */
  readonly gamma: number;
  readonly maxGood: number;
  readonly priorWeight: number;
}

const DEFAULT_TPE_OPTIONS: TpeOptions = { startupTrials: 10, candidates: 24, gamma: 0.25, maxGood: 25, priorWeight: 1 };

/**
 * Tree-structured Parzen Estimator (Bergstra et al. 2011, as in hyperopt): split past trials
 * into good and bad by score, model each parameter's density in both groups with Parzen
 * windows, and propose the candidate maximising good density over bad density. Parameters are
 * modelled independently.
 */
export class TpeSampler implements Sampler {
  private readonly random: SeededRandom;
  private readonly options: TpeOptions;
  private suggestions: number;

  constructor(
    private readonly space: SearchSpace,
    seed: number,
    options: Partial<TpeOptions> = {},
    state?: SamplerState,
  ) {
    validateSearchSpace(space);
    this.options = { ...DEFAULT_TPE_OPTIONS, ...options };
    this.random = state ? SeededRandom.fromState(state.random) : new SeededRandom(seed);
    this.suggestions = state?.suggestions ?? 0;
  }

  suggest(history: readonly TrialObservation[]): ParamAssignment {
    this.suggestions++;
    const usable = history.filter((o) => Number.isFinite(o.score));
    const params: Record<string, ParamValue> = {};
    if (usable.length < this.options.startupTrials) {
      for (const [name, domain] of Object.entries(this.space)) params[name] = sampleDomain(domain, this.random);
      return params;
    }
    const sorted = [...usable].sort((a, b) => b.score - a.score);
    const numGood = Math.min(this.options.maxGood, Math.max(1, Math.ceil(this.options.gamma * sorted.length)));
    const good = sorted.slice(0, numGood);
    const bad = sorted.slice(numGood);
    for (const [name, domain] of Object.entries(this.space)) {
      params[name] = isNumericDomain(domain)
        ? this.suggestNumeric(name, domain, good, bad)
        : this.suggestChoice(name, domain, good, bad);
    }
    return params;
  }

  getState(): SamplerState {
    return { kind: 'tpe', random: this.random.getState(), suggestions: this.suggestions };
  }

  private suggestNumeric(
    name: string,
    domain: Exclude<ParamDomain, { type: 'choice' }>,
    good: readonly TrialObservation[],
    bad: readonly TrialObservation[],
  ): number {
    const units = (group: readonly TrialObservation[]): number[] =>
      group.map((o) => o.params[name]).filter((v): v is number => typeof v === 'number').map((v) => toUnit(domain, v));
    const l = new ParzenEstimator(units(good), this.options.priorWeight);
    const g = new ParzenEstimator(units(bad), this.options.priorWeight);
    let best = 0.5;
    let bestRatio = -Infinity;
    for (let c = 0; c < this.options.candidates; c++) {
      const x = l.sample(this.random);
      const ratio = l.logDensity(x) - g.logDensity(x);
      if (ratio > bestRatio) {
        bestRatio = ratio;
        best = x;
      }
    }
    return fromUnit(domain, best);
  }

  private suggestChoice(
    name: string,
    domain: Extract<ParamDomain, { type: 'choice' }>,
    good: readonly TrialObservation[],
    bad: readonly TrialObservation[],
  ): ParamValue {
    const weights = (group: readonly TrialObservation[]): number[] => {
      const counts = domain.values.map(() => this.options.priorWeight);
      for (const o of group) {
        const value = o.params[name];
        const index = value === undefined ? -1 : domain.values.indexOf(value);
        if (index >= 0) counts[index] = itemAt(counts, index) + 1;
      }
      const total = counts.reduce((a, b) => a + b, 0);
      return counts.map((c) => c / total);
    };
    const l = weights(good);
    const g = weights(bad);
    let best = 0;
    let bestRatio = -Infinity;
    for (let c = 0; c < this.options.candidates; c++) {
      let pick = this.random.next();
      let i = 0;
      while (i < l.length - 1 && pick >= (l[i] ?? 0)) pick -= l[i++] ?? 0;
      const ratio = Math.log(itemAt(l, i)) - Math.log(itemAt(g, i));
      if (ratio > bestRatio) {
        bestRatio = ratio;
        best = i;
      }
    }
    return itemAt(domain.values, best);
  }
}
