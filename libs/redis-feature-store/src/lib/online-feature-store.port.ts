import { FeatureRecord, KeyUpdate } from './key-update';
import { RecordRead } from './reading/record-read';

export interface ApplyBatchParams {
  /** Identifies the batch for ever (e.g. bucket/key/eTag of the lake object it comes from). */
  batchId: string;
  /** Must be the same, in the same order, each time the same batchId is applied. */
  updates: readonly KeyUpdate[];
  /** The newest event time in the batch: moves `freshness()` forward (kept as a max). */
  newestEventAt?: number;
}

export interface ApplyBatchResult {
  /**
   * `applied`: every group applied now; `duplicate`: every group had been applied before;
   * `partial`: an earlier attempt applied some groups (e.g. it died mid-way), this one the rest.
   */
  outcome: 'applied' | 'duplicate' | 'partial';
  /** Atomic groups (one guard each) the batch was split into, and how many were applied now. */
  groups: number;
  appliedGroups: number;
  /** The key-space generations the batch went to (DESIGN.md section 6), when the store has generations. */
  generations?: readonly number[];
}

/**
 * The online feature store (DESIGN.md section 6): Redis hashes in production, memory on a laptop.
 * Each atomic group of a batch is applied at most once; groups never span hash slots, so the same
 * plan works on Redis Cluster.
 */
export interface OnlineFeatureStore {
  applyBatch(params: ApplyBatchParams): Promise<ApplyBatchResult>;
  /** One record per key, in order, `null` for a missing key, in one round trip. */
  readMany(keys: readonly string[]): Promise<(FeatureRecord | null)[]>;
  /**
   * Like `readMany`, where a read may also name its key through a field of an earlier read of the
   * same call (`user:7` → its `latest_session` → `session:<that>`): still one round trip.
   */
  readRecords(reads: readonly RecordRead[]): Promise<(FeatureRecord | null)[]>;
  /** The newest event time any batch reported, or null before the first. */
  freshness(): Promise<number | null>;
  /** Resolves when the store answers (readiness check). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
