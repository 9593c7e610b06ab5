import { SeededRandomState } from '../common/seeded-random';
import { ParamAssignment } from './search-space.types';

/** A trial's parameters and its score so far; higher scores are better (losses are negated). */
export interface TrialObservation {
  readonly params: ParamAssignment;
  readonly score: number;
}

export type SamplerKind = 'random' | 'tpe';

/** Everything needed to continue a sampler's sequence after a restart. */
export interface SamplerState {
  readonly kind: SamplerKind;
  readonly random: SeededRandomState;
  readonly suggestions: number;
}

export interface Sampler {
  /** Parameters for the next trial given what earlier trials scored. */
  suggest(history: readonly TrialObservation[]): ParamAssignment;
  getState(): SamplerState;
}
