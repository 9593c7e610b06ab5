import { itemAt } from '@platform/common';
import calculateSlot from 'cluster-key-slot';

const SLOTS = 16384;
let tags: string[] | undefined;

/**
 * A short hash tag that Redis Cluster maps to the given slot, so a guard key `batch:{<tag>}:...`
 * lands in the slot of the keys it guards (whatever those keys look like). The table is found
 * once by trying base-36 numbers until every slot has one (~170k CRC16s, tens of milliseconds).
 */
export function tagForSlot(slot: number): string {
  if (!Number.isInteger(slot) || slot < 0 || slot >= SLOTS) throw new RangeError(`No hash slot ${slot}`);
  if (tags === undefined) {
    const table = new Array<string>(SLOTS);
    let found = 0;
    for (let candidate = 0; found < SLOTS; candidate++) {
      const tag = candidate.toString(36);
      const tagSlot = calculateSlot(tag);
      if (table[tagSlot] === undefined) {
        table[tagSlot] = tag;
        found++;
      }
    }
    tags = table;
  }
  return itemAt(tags, slot);
}
