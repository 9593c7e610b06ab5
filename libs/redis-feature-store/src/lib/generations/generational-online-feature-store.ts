import { FeatureRecord } from '../key-update';
import { FRESHNESS_KEY, GUARD_KEY_PREFIX } from '../online-feature-store.constants';
import { ApplyBatchParams, ApplyBatchResult, OnlineFeatureStore } from '../online-feature-store.port';
import { RecordRead } from '../reading/record-read';
import { GenerationKeyspace } from './generation-keyspace.port';
import { DEFAULT_POINTER_CACHE_MS, GenerationState, generationKeyPrefix, writeGenerationsOf } from './generation-state';
import { OnlineStoreGenerations } from './online-store-generations.port';

export interface GenerationalOnlineFeatureStoreOptions {
  keyspace: GenerationKeyspace;
  /** The namespace prefix (`REDIS_KEY_PREFIX`). */
  keyPrefix: string;
  /** A driver store for one generation's key prefix. */
  storeFor(keyPrefix: string): OnlineFeatureStore;
  /** Closes what the driver stores share (the Redis connection). */
  close(): Promise<void>;
  pointerCacheMs?: number;
  now?: () => number;
}

/**
 * The online store as apps use it: every call goes to the generation the pointer names, read at
 * most `pointerCacheMs` ago (so a read stays one round trip), and a batch goes to the generation
 * being built too, each under its own guards: an object counts once in each generation.
 */
export class GenerationalOnlineFeatureStore implements OnlineFeatureStore, OnlineStoreGenerations {
  readonly pointerCacheMs: number;
  private readonly stores = new Map<number, OnlineFeatureStore>();
  private readonly now: () => number;
  private cached?: { state: GenerationState; at: number };
  private reading?: Promise<GenerationState>;

  constructor(private readonly options: GenerationalOnlineFeatureStoreOptions) {
    this.pointerCacheMs = options.pointerCacheMs ?? DEFAULT_POINTER_CACHE_MS;
    this.now = options.now ?? Date.now;
  }

  async applyBatch(params: ApplyBatchParams): Promise<ApplyBatchResult> {
    const generations = writeGenerationsOf(await this.pointer());
    const results = await Promise.all(generations.map((generation) => this.storeOf(generation).applyBatch(params)));
    return { ...(results[0] as ApplyBatchResult), generations };
  }

  async readMany(keys: readonly string[]): Promise<(FeatureRecord | null)[]> {
    return (await this.currentStore()).readMany(keys);
  }

  async readRecords(reads: readonly RecordRead[]): Promise<(FeatureRecord | null)[]> {
    return (await this.currentStore()).readRecords(reads);
  }

  async freshness(): Promise<number | null> {
    return (await this.currentStore()).freshness();
  }

  async ping(): Promise<void> {
    await this.storeOf(0).ping();
  }

  async close(): Promise<void> {
    await this.options.close();
  }

  async generationState(): Promise<GenerationState> {
    return this.remember(await this.options.keyspace.readPointer());
  }

  async beginBuilding(): Promise<GenerationState> {
    return this.remember(await this.options.keyspace.beginBuilding());
  }

  async switchTo(generation: number): Promise<boolean> {
    const switched = await this.options.keyspace.switchTo(generation);
    await this.generationState();
    return switched;
  }

  storeOf(generation: number): OnlineFeatureStore {
    let store = this.stores.get(generation);
    if (!store) {
      store = this.options.storeFor(generationKeyPrefix(this.options.keyPrefix, generation));
      this.stores.set(generation, store);
    }
    return store;
  }

  async deleteGeneration(generation: number, featureFamilies: readonly string[], onProgress?: (deleted: number) => void): Promise<number> {
    const state = await this.generationState();
    if (generation === state.current || generation === state.building) {
      throw new Error(`generation ${generation} is in use (current ${state.current}, building ${String(state.building)}): not deleted`);
    }
    const prefix = generationKeyPrefix(this.options.keyPrefix, generation);
    const families = generation === 0 ? [...featureFamilies, GUARD_KEY_PREFIX, FRESHNESS_KEY] : undefined;
    const deleted = await this.options.keyspace.deleteKeys({ prefix, families }, onProgress);
    this.stores.delete(generation);
    return deleted;
  }

  async deleteExpired(generation: number, keys: readonly string[], field: string, cutoffOf: (key: string) => number | undefined): Promise<number> {
    const prefix = generationKeyPrefix(this.options.keyPrefix, generation);
    return this.options.keyspace.deleteExpired(
      prefix,
      keys.map((key) => prefix + key),
      field,
      cutoffOf,
    );
  }

  private async currentStore(): Promise<OnlineFeatureStore> {
    return this.storeOf((await this.pointer()).current);
  }

  /** The pointer, read again when the cached one is older than `pointerCacheMs`; concurrent callers share one read. */
  private async pointer(): Promise<GenerationState> {
    if (this.cached && this.now() - this.cached.at < this.pointerCacheMs) return this.cached.state;
    this.reading ??= this.options.keyspace.readPointer().finally(() => (this.reading = undefined));
    return this.remember(await this.reading);
  }

  private remember(state: GenerationState): GenerationState {
    this.cached = { state, at: this.now() };
    return state;
  }
}
