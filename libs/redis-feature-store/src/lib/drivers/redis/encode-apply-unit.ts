import { KeyUpdate } from '../../key-update';
import { ApplyUnit } from '../../planning/plan-batch';
import { stampFieldsOf } from '../../codec/latest-stamp';

type EncodedLatest = [atField: string, tiebreakField: string, at: string, tiebreak: string, fields: string[]];
type EncodedUpdate = [number, string[], string[], string[], EncodedLatest[], number];

/** The arguments of one APPLY_GROUP_LUA call: keys (guard first) and the JSON payload. */
export function encodeApplyUnit(unit: ApplyUnit, keyPrefix: string): { keys: string[]; payload: string } {
  const keys = [unit.guardKey];
  const indexOf = new Map<string, number>();
  const encoded = unit.updates.map((update): EncodedUpdate => {
    const key = keyPrefix + update.key;
    let index = indexOf.get(key);
    if (index === undefined) {
      keys.push(key);
      index = keys.length; // Lua's KEYS is 1-based
      indexOf.set(key, index);
    }
    return [
      index,
      flatten(update.incr),
      flatten(update.max),
      flatten(update.min),
      (update.latest ?? []).map(({ group, at, tiebreak, fields }): EncodedLatest => {
        const stamp = stampFieldsOf(group);
        return [stamp.at, stamp.tiebreak, String(at), tiebreak, flatten(fields)];
      }),
      update.expireSeconds ?? 0,
    ];
  });
  return { keys, payload: JSON.stringify(encoded) };
}

function flatten(fields: KeyUpdate['incr'] | Record<string, string | number> | undefined): string[] {
  const flat: string[] = [];
  for (const [field, value] of Object.entries(fields ?? {})) flat.push(field, String(value));
  return flat;
}
