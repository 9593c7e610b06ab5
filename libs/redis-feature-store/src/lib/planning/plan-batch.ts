import { KeyUpdate } from '../key-update';
import { GUARD_KEY_PREFIX } from '../online-feature-store.constants';
import { splitBySlot } from './split-by-slot';

/**
 * `slot` (default): one guard per hash-slot group, the plan Redis Cluster needs.
 * `batch`: one guard per batch (per chunk of it), cross-slot: standalone Redis only, and far
 * fewer guard keys when a batch touches many slots.
 */
export type GuardScope = 'slot' | 'batch';

export interface PlanBatchOptions {
  keyPrefix: string;
  guardScope: GuardScope;
  maxUpdatesPerScript: number;
}

/** One atomic step: a guard and the updates applied with it, all or nothing, at most once. */
export interface ApplyUnit {
  guardKey: string;
  updates: KeyUpdate[];
}

/**
 * The atomic steps of a batch. A group larger than `maxUpdatesPerScript` is cut into sub-groups
 * guarded by `<guard>#1`, `<guard>#2`...: each sub-group is still applied at most once, so a batch
 * retried with the same updates in the same order ends up applied exactly once.
 */
export function planBatch(batchId: string, updates: readonly KeyUpdate[], options: PlanBatchOptions): ApplyUnit[] {
  const groups =
    options.guardScope === 'slot'
      ? splitBySlot(batchId, updates, { keyPrefix: options.keyPrefix })
      : [{ guardKey: `${options.keyPrefix}${GUARD_KEY_PREFIX}${batchId}`, updates: [...updates] }];
  const units: ApplyUnit[] = [];
  for (const group of groups) {
    for (let start = 0, part = 0; start < group.updates.length; start += options.maxUpdatesPerScript, part++) {
      units.push({
        guardKey: part === 0 ? group.guardKey : `${group.guardKey}#${part}`,
        updates: group.updates.slice(start, start + options.maxUpdatesPerScript),
      });
    }
  }
  return units;
}
