import { parseStoredNumber } from '../codec/feature-number.codec';
import { MemoryFeatureData } from '../drivers/memory/memory-feature-data';
import { GenerationKeyScan, GenerationKeyspace } from './generation-keyspace.port';
import { GENERATION_POINTER_KEY, GenerationState } from './generation-state';

/** Generations in the in-memory keyspace, with the Redis driver's semantics. */
export class MemoryGenerationKeyspace implements GenerationKeyspace {
  private readonly pointerKey: string;

  constructor(
    private readonly data: MemoryFeatureData,
    keyPrefix: string,
  ) {
    this.pointerKey = keyPrefix + GENERATION_POINTER_KEY;
  }

  async readPointer(): Promise<GenerationState> {
    const pointer = this.data.hash(this.pointerKey);
    return { current: parseStoredNumber(pointer?.get('current')) ?? 0, building: parseStoredNumber(pointer?.get('building')) };
  }

  async beginBuilding(): Promise<GenerationState> {
    const pointer = this.data.hashForWrite(this.pointerKey);
    if (!pointer.has('building')) {
      const next = String(Math.max(Number(pointer.get('current') ?? 0), Number(pointer.get('last') ?? 0)) + 1);
      pointer.set('building', next).set('last', next);
    }
    return this.readPointer();
  }

  async switchTo(generation: number): Promise<boolean> {
    const pointer = this.data.hashForWrite(this.pointerKey);
    if (pointer.get('building') !== String(generation)) return false;
    pointer.set('current', String(generation));
    pointer.delete('building');
    return true;
  }

  async deleteKeys(scan: GenerationKeyScan, onProgress?: (deleted: number) => void): Promise<number> {
    const keys = this.scanKeys(scan);
    for (const key of keys) this.data.deleteKey(key);
    onProgress?.(keys.length);
    return keys.length;
  }

  async deleteExpired(prefix: string, keys: readonly string[], field: string, cutoffOf: (key: string) => number | undefined): Promise<number> {
    let deleted = 0;
    for (const key of keys) {
      const cutoff = cutoffOf(key.slice(prefix.length));
      const newest = parseStoredNumber(this.data.hash(key)?.get(field));
      if (cutoff === undefined || newest === null || newest > cutoff) continue;
      this.data.deleteKey(key);
      deleted++;
    }
    return deleted;
  }

  private scanKeys({ prefix, families }: GenerationKeyScan): string[] {
    const starts = (families ?? ['']).map((family) => prefix + family);
    return this.data.keys().filter((key) => starts.some((start) => key.startsWith(start)));
  }
}
