import { Sampler, SamplerKind, SamplerState } from './sampler.interface';
import { RandomSampler } from './random.sampler';
import { SearchSpace } from './search-space.types';
import { TpeOptions, TpeSampler } from './tpe.sampler';

export interface SamplerConfig {
  readonly kind: SamplerKind;
  readonly seed: number;
  readonly tpe?: Partial<TpeOptions>;
}

/** A fresh sampler, or one continued from its saved state. */
export function createSampler(space: SearchSpace, config: SamplerConfig, state?: SamplerState): Sampler {
  return config.kind === 'tpe' ? new TpeSampler(space, config.seed, config.tpe, state) : new RandomSampler(space, config.seed, state);
}
