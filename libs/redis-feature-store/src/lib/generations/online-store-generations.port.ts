import { OnlineFeatureStore } from '../online-feature-store.port';
import { GenerationState } from './generation-state';

/** Injection token of `OnlineStoreGenerations` (the same object as `ONLINE_FEATURE_STORE`). */
export const ONLINE_STORE_GENERATIONS = Symbol('ONLINE_STORE_GENERATIONS');

/** What a materialize does with the key-space generations (DESIGN.md section 6). */
export interface OnlineStoreGenerations {
  /** The pointer as stored now (never cached). */
  generationState(): Promise<GenerationState>;
  /** Starts building the next generation (the live stream writes it too from then on), or resumes the one being built. */
  beginBuilding(): Promise<GenerationState>;
  /** Readers (and writers) move to `generation`, within the pointer cache bound; false if it was not the one being built. */
  switchTo(generation: number): Promise<boolean>;
  /** A store that reads and writes exactly this generation. */
  storeOf(generation: number): OnlineFeatureStore;
  /**
   * Deletes a generation's keys (SCAN + UNLINK). Generation 0 shares its prefix with the others, so
   * only its keys of the given families (`user:`...) and the store's own are deleted.
   */
  deleteGeneration(generation: number, featureFamilies: readonly string[], onProgress?: (deleted: number) => void): Promise<number>;
  /** Of the given keys of a generation, deletes the hashes whose `field` is at or before `cutoffOf(key)`. */
  deleteExpired(generation: number, keys: readonly string[], field: string, cutoffOf: (key: string) => number | undefined): Promise<number>;
  /** How stale a process's view of the pointer may be, in ms. */
  readonly pointerCacheMs: number;
}
