import { stampFieldsOf } from '../../codec/latest-stamp';
import { KeyUpdate } from '../../key-update';
import { ApplyUnit } from '../../planning/plan-batch';
import { FlatMsgpackWriter } from './flat-msgpack-writer';

/** The arguments of one APPLY_GROUP_LUA call: keys (guard first) and the MessagePack payload. */
export interface EncodedApplyUnit {
  keys: string[];
  payload: Buffer;
}

/** Bytes a key update takes, about (a start for the writer's buffer, which grows when short). */
const BYTES_PER_UPDATE = 160;

/**
 * Encodes a unit in the flat layout APPLY_GROUP_LUA reads (documented there): the updates of each
 * key in their order, keys in order of first appearance (updates of different keys commute, so
 * only each key's own order matters), fields named once per key, after its updates, and referred
 * to by index. One array, written once as MessagePack (plain: Redis's cmsgpack reads it; numbers
 * that are not integers go as float64, so deltas arrive exact): this runs over every update the
 * processor applies.
 */
export function encodeApplyUnit(unit: ApplyUnit, keyPrefix: string): EncodedApplyUnit {
  const byKey = new Map<string, KeyUpdate | KeyUpdate[]>();
  for (const update of unit.updates) {
    const seen = byKey.get(update.key);
    if (seen === undefined) byKey.set(update.key, update);
    else if (Array.isArray(seen)) seen.push(update);
    else byKey.set(update.key, [seen, update]);
  }
  const keys = [unit.guardKey];
  const out = new FlatMsgpackWriter(unit.updates.length * BYTES_PER_UPDATE);
  const fields = new FieldIndex();
  for (const [key, seen] of byKey) {
    keys.push(keyPrefix + key);
    fields.clear();
    const lengthSlot = out.reserve();
    const partStart = out.items;
    const updates = Array.isArray(seen) ? seen : [seen];
    out.number(updates.length);
    const caps = new Map<string, number>();
    for (const update of updates) {
      const { expiry, expireSeconds } = update;
      if (expiry === undefined || expireSeconds === undefined) {
        out.number(0);
        out.number(0);
      } else {
        out.number(fields.readIndexOf(expiry.field));
        out.number(expiry.since - expireSeconds * 1000);
      }
      for (const { prefix, keep } of update.caps ?? []) caps.set(prefix, Math.min(keep, caps.get(prefix) ?? keep));
      writeNumbers(out, update.incr, fields, false);
      writeNumbers(out, update.max, fields, true);
      writeNumbers(out, update.min, fields, true);
      const latest = update.latest ?? [];
      out.number(latest.length);
      for (const { group, at, tiebreak, fields: values } of latest) {
        const stamp = stampFieldsOf(group);
        out.number(fields.readIndexOf(stamp.at));
        out.number(fields.readIndexOf(stamp.tiebreak));
        out.string(String(at));
        out.string(tiebreak);
        const countSlot = out.reserve();
        let count = 0;
        for (const name in values) {
          out.number(fields.indexOf(name));
          out.string(String(values[name]));
          count++;
        }
        out.patch(countSlot, count);
      }
      out.number(update.expireSeconds ?? 0);
    }
    // Caps apply once, after the key's updates: members are written by max only, so trimming once
    // at the end keeps what trimming after each update would.
    out.number(caps.size);
    for (const [prefix, keep] of caps) {
      out.string(prefix);
      out.number(keep);
    }
    out.patch(lengthSlot, out.items - partStart);
    const { names } = fields;
    out.number(names.length);
    out.number(fields.readCount);
    for (const name of names) out.string(name);
  }
  return { keys, payload: out.finish() };
}

/**
 * The current key's field names, in order, each with its 1-based index, and how many of the first
 * ones the script must read: fields only ever written (latest values) need no HMGET, and come
 * after the read ones unless an earlier update wrote a field a later one reads. Keys have a
 * handful of fields: a linear scan beats a Map until there are many (sessions with many products).
 */
class FieldIndex {
  readonly names: string[] = [];
  readCount = 0;
  private readonly index = new Map<string, number>();

  /** A field whose current value the script compares or adds to. */
  readIndexOf(field: string): number {
    const index = this.indexOf(field);
    if (index > this.readCount) this.readCount = index;
    return index;
  }

  /** A field the script only writes. */
  indexOf(field: string): number {
    const { names } = this;
    if (names.length <= LINEAR_SCAN_FIELDS) {
      for (let i = 0; i < names.length; i++) if (names[i] === field) return i + 1;
      names.push(field);
      if (names.length > LINEAR_SCAN_FIELDS) names.forEach((name, i) => this.index.set(name, i + 1));
      return names.length;
    }
    let index = this.index.get(field);
    if (index === undefined) {
      index = names.push(field);
      this.index.set(field, index);
    }
    return index;
  }

  clear(): void {
    if (this.names.length > LINEAR_SCAN_FIELDS) this.index.clear();
    this.names.length = 0;
    this.readCount = 0;
  }
}

const LINEAR_SCAN_FIELDS = 16;

/** Count, then (index, value) pairs; values as text when the script writes them as given. */
function writeNumbers(out: FlatMsgpackWriter, values: Record<string, number> | undefined, fields: FieldIndex, asText: boolean): void {
  const countSlot = out.reserve();
  let count = 0;
  if (values !== undefined) {
    for (const field in values) {
      const value = values[field];
      if (value === undefined) continue; // an optional field present but unset: nothing to write
      out.number(fields.readIndexOf(field));
      if (asText) out.string(String(value));
      else out.number(value);
      count++;
    }
  }
  out.patch(countSlot, count);
}
