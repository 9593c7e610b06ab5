import { GenerationState } from './generation-state';

/** Scans a generation's keys by families (the first segment of a key: `user:`, `batch:`...). */
export interface GenerationKeyScan {
  /** Key prefix of the generation (see `generationKeyPrefix`). */
  prefix: string;
  /** Key families to visit; undefined: every key under `prefix` (generations ≥ 1 own their whole prefix). */
  families?: readonly string[];
}

/** The driver side of generations: the pointer, and the bulk key work of a switch. */
export interface GenerationKeyspace {
  readPointer(): Promise<GenerationState>;
  /** Starts building the next generation, or returns the state unchanged when one is being built (a resume). */
  beginBuilding(): Promise<GenerationState>;
  /** Makes `generation` current if it is the one being built; false otherwise. */
  switchTo(generation: number): Promise<boolean>;
  /** Deletes (UNLINK) the keys of the scan; returns how many. */
  deleteKeys(scan: GenerationKeyScan, onProgress?: (deleted: number) => void): Promise<number>;
  /**
   * Of the given keys (full names), deletes the hashes whose `field` (a time, epoch ms) is at or
   * before `cutoffOf(key without prefix)` (undefined: kept); returns how many.
   */
  deleteExpired(prefix: string, keys: readonly string[], field: string, cutoffOf: (key: string) => number | undefined): Promise<number>;
}
