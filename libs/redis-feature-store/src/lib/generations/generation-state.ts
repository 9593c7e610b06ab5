/**
 * Key-space generations (DESIGN.md section 6): the online store's keys of generation N live under
 * `<prefix>g<N>:`, generation 0 under `<prefix>` itself (the keys written before generations
 * existed), and one pointer per namespace, the hash `<prefix>generation`, names the generation
 * readers use (`current`) and the one a materialize is building (`building`), which the live
 * stream writes too.
 */
export interface GenerationState {
  current: number;
  /** The generation being built by a materialize, or null. */
  building: number | null;
}

/** The pointer hash's key, after the namespace prefix. */
export const GENERATION_POINTER_KEY = 'generation';

/**
 * How long a process trusts the pointer it read: readers stay one round trip per request, and see
 * a switch at most this late. The materialize job waits at least this long before deleting the
 * old generation.
 */
export const DEFAULT_POINTER_CACHE_MS = 1000;

/** The prefix of every key of a generation (generation 0: the namespace prefix itself). */
export function generationKeyPrefix(keyPrefix: string, generation: number): string {
  return generation === 0 ? keyPrefix : `${keyPrefix}g${generation}:`;
}

/** The generations a write goes to: the current one, and the one being built. */
export function writeGenerationsOf(state: GenerationState): number[] {
  return state.building === null || state.building === state.current ? [state.current] : [state.current, state.building];
}
