import { itemAt } from '@platform/common';
import calculateSlot from 'cluster-key-slot';
import { KeyUpdate } from '../key-update';
import { planBatch } from './plan-batch';
import { splitBySlot } from './split-by-slot';
import { tagForSlot } from './tag-for-slot';

describe('splitBySlot', () => {
  const updates: KeyUpdate[] = [
    { key: 'user:{42}:product:{7}:session:{s1}', incr: { views: 1 } },
    { key: 'product:{7}', incr: { views: 1 } },
    { key: 'user:{42}', incr: { views: 1 } },
    { key: 'session:{s1}', incr: { views: 1 } },
    { key: 'user:{42}:product:{7}:session:{s1}', incr: { carts: 1 } },
  ];

  it('groups updates by Redis Cluster hash slot, hash tags included, keeping their order', () => {
    const groups = splitBySlot('b1', updates, { keyPrefix: 'prod:' });
    expect(groups.map((group) => group.slot)).toEqual([...new Set(groups.map((group) => group.slot))].sort((a, b) => a - b));
    const userGroup = groups.find((group) => group.slot === calculateSlot('42'));
    // The triple key's first hash tag is the user: it lives in the user's slot.
    expect(userGroup?.updates).toEqual([updates[0], updates[2], updates[4]]);
    expect(groups.flatMap((group) => group.updates)).toHaveLength(updates.length);
  });

  it('puts each guard key in the slot of the keys it guards', () => {
    for (const group of splitBySlot('b1', updates, { keyPrefix: 'prod:' })) {
      expect(group.guardKey).toMatch(/^prod:batch:\{[0-9a-z]+\}:b1$/);
      expect(calculateSlot(group.guardKey)).toBe(group.slot);
      for (const update of group.updates) expect(calculateSlot(`prod:${update.key}`)).toBe(group.slot);
    }
  });

  it('has a hash tag for every one of the 16384 slots', () => {
    const wrong = Array.from({ length: 16384 }, (_, slot) => slot).filter((slot) => calculateSlot(tagForSlot(slot)) !== slot);
    expect(wrong).toEqual([]);
    expect(() => tagForSlot(16384)).toThrow(RangeError);
  });
});

describe('planBatch', () => {
  const updates = Array.from({ length: 7 }, (_, i) => ({ key: `k{same}:${i}`, incr: { n: i } }));

  it('cuts a group larger than maxUpdatesPerScript into sub-groups with their own guards', () => {
    const units = planBatch('b', updates, { keyPrefix: '', guardScope: 'slot', maxUpdatesPerScript: 3 });
    const guard = itemAt(splitBySlot('b', updates), 0).guardKey;
    expect(units.map((unit) => unit.guardKey)).toEqual([guard, `${guard}#1`, `${guard}#2`]);
    expect(units.map((unit) => unit.updates.length)).toEqual([3, 3, 1]);
    expect(units.flatMap((unit) => unit.updates)).toEqual(updates);
  });

  it('plans one guard per batch (per chunk) in batch scope', () => {
    const mixed = [...updates, { key: 'elsewhere', incr: { n: 1 } }];
    const units = planBatch('b', mixed, { keyPrefix: 'p:', guardScope: 'batch', maxUpdatesPerScript: 5 });
    expect(units.map((unit) => unit.guardKey)).toEqual(['p:batch:b', 'p:batch:b#1']);
    expect(units.flatMap((unit) => unit.updates)).toEqual(mixed);
  });

  it('plans nothing for an empty batch', () => {
    expect(planBatch('b', [], { keyPrefix: '', guardScope: 'slot', maxUpdatesPerScript: 5 })).toEqual([]);
  });
});
