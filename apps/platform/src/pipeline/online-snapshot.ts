import { MemoryFeatureData, MemoryFeatureSnapshot } from '@platform/redis-feature-store';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The embedded online store lives in memory; `npm start` keeps it in a file between runs so a
 * second run serves the same features at once. Written whole to a temporary file, then renamed:
 * a crash mid-write leaves the previous snapshot.
 */
export class OnlineSnapshotFile {
  constructor(readonly path: string) {}

  /** Restores the shared keyspace; false when there is no snapshot yet. */
  restore(): boolean {
    if (!existsSync(this.path)) return false;
    let snapshot: MemoryFeatureSnapshot;
    try {
      snapshot = JSON.parse(readFileSync(this.path, 'utf8')) as MemoryFeatureSnapshot;
    } catch (error) {
      throw new Error(`${this.path} is not a readable online store snapshot (${(error as Error).message}): run with --fresh to rebuild .data/`);
    }
    MemoryFeatureData.shared.restore(snapshot);
    return true;
  }

  save(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const partial = `${this.path}.partial`;
    writeFileSync(partial, JSON.stringify(MemoryFeatureData.shared.snapshot()));
    renameSync(partial, this.path);
  }
}
