import calculateSlot from 'cluster-key-slot';
import { KeyUpdate } from '../key-update';
import { GUARD_KEY_PREFIX } from '../online-feature-store.constants';
import { tagForSlot } from './tag-for-slot';

export interface SlotGroup {
  /** Redis Cluster hash slot (CRC16 of the key's hash tag, or of the whole key, mod 16384). */
  slot: number;
  /** `<prefix>batch:{<tag>}:<batchId>`: in the same slot as the group's keys. */
  guardKey: string;
  /** The batch's updates of keys in this slot, in their original order. */
  updates: KeyUpdate[];
}

/**
 * Cuts a batch into groups that Redis Cluster can each apply atomically (one script call touches
 * one slot), each with its own guard key in that slot. Slots are computed on `keyPrefix + key`,
 * the key as stored; the updates keep their unprefixed keys. Groups come in slot order.
 */
export function splitBySlot(
  batchId: string,
  updates: readonly KeyUpdate[],
  { keyPrefix = '' }: { keyPrefix?: string } = {},
): SlotGroup[] {
  const groups = new Map<number, KeyUpdate[]>();
  for (const update of updates) {
    const slot = calculateSlot(`${keyPrefix}${update.key}`);
    const group = groups.get(slot);
    if (group) group.push(update);
    else groups.set(slot, [update]);
  }
  return [...groups]
    .sort(([a], [b]) => a - b)
    .map(([slot, slotUpdates]) => ({
      slot,
      guardKey: `${keyPrefix}${GUARD_KEY_PREFIX}{${tagForSlot(slot)}}:${batchId}`,
      updates: slotUpdates,
    }));
}
