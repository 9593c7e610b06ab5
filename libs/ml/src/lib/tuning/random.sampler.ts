import { SeededRandom } from '../common/seeded-random';
import { Sampler, SamplerState, TrialObservation } from './sampler.interface';
import { sampleDomain, validateSearchSpace } from './search-space.util';
import { ParamAssignment, ParamValue, SearchSpace } from './search-space.types';

/** Independent uniform draws: the baseline every smarter sampler must beat. */
export class RandomSampler implements Sampler {
  private readonly random: SeededRandom;
  private suggestions: number;

  constructor(
    private readonly space: SearchSpace,
    seed: number,
    state?: SamplerState,
  ) {
    validateSearchSpace(space);
    this.random = state ? SeededRandom.fromState(state.random) : new SeededRandom(seed);
    this.suggestions = state?.suggestions ?? 0;
  }

  suggest(_history: readonly TrialObservation[]): ParamAssignment {
    this.suggestions++;
    const params: Record<string, ParamValue> = {};
    for (const [name, domain] of Object.entries(this.space)) params[name] = sampleDomain(domain, this.random);
    return params;
  }

  getState(): SamplerState {
    return { kind: 'random', random: this.random.getState(), suggestions: this.suggestions };
  }
}
