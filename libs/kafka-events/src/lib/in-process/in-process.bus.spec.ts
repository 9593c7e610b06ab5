import { itemAt } from '@platform/common';
import { BusDelivery, BusMember, InProcessBus, partitionForKey } from './in-process.bus';

/** A member that records deliveries and settles them when told. */
function member(memberId: string, settle: (delivery: BusDelivery) => Promise<boolean> | boolean = () => true) {
  const delivered: BusDelivery[] = [];
  const assignments: Record<string, number[]> = {};
  const waiters: (() => void)[] = [];
  const self: BusMember & { delivered: BusDelivery[]; assignments: typeof assignments; next(): Promise<void> } = {
    memberId,
    delivered,
    assignments,
    async deliver(delivery) {
      delivered.push(delivery);
      waiters.splice(0).forEach((wake) => wake());
      return settle(delivery);
    },
    assigned(topic, partitions) {
      assignments[topic] = partitions;
    },
    next: () => new Promise<void>((resolve) => waiters.push(resolve)),
  };
  return self;
}

const record = (key: string | null, value: string) => ({ key, value, headers: {} });

describe('InProcessBus', () => {
  it('sends a key to one partition and keeps its messages in order', async () => {
    const bus = new InProcessBus(4);
    const consumer = member('a');
    bus.subscribe('t', 'g', consumer);
    for (let i = 0; i < 20; i++) bus.publish('t', record('same-key', String(i)));
    while (consumer.delivered.length < 20) await consumer.next();
    expect(new Set(consumer.delivered.map((delivery) => delivery.partition)).size).toBe(1);
    expect(consumer.delivered.map((delivery) => delivery.record.value)).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
    expect(consumer.delivered.map((delivery) => delivery.offset)).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
  });

  it('spreads partitions over a group and hands a partition over when its owner leaves', async () => {
    const bus = new InProcessBus(4);
    const first = member('first');
    const second = member('second');
    const leaveFirst = bus.subscribe('t', 'g', first);
    expect(first.assignments['t']).toEqual([0, 1, 2, 3]);
    bus.subscribe('t', 'g', second);
    expect(first.assignments['t']).toEqual([0, 2]);
    expect(second.assignments['t']).toEqual([1, 3]);
    leaveFirst();
    expect(second.assignments['t']).toEqual([0, 1, 2, 3]);
  });

  it('redelivers a message its member gave back (stopping) to the next owner', async () => {
    const bus = new InProcessBus(1);
    let release!: (settled: boolean) => void;
    const stopping = member('stopping', () => new Promise<boolean>((resolve) => (release = resolve)));
    const leave = bus.subscribe('t', 'g', stopping);
    bus.publish('t', record('k', 'payload'));
    await stopping.next();
    const successor = member('successor');
    bus.subscribe('t', 'g', successor);
    leave();
    release(false);
    await successor.next();
    expect(successor.delivered.map((delivery) => delivery.record.value)).toEqual(['payload']);
  });

  it('gives every group every message, and keeps early messages for the first group', async () => {
    const bus = new InProcessBus(2);
    bus.publish('t', record(null, 'early'));
    const a = member('a');
    const b = member('b');
    bus.subscribe('t', 'ga', a);
    bus.subscribe('t', 'gb', b);
    bus.publish('t', record(null, 'late'));
    while (a.delivered.length < 2 || b.delivered.length < 1) await Promise.race([a.next(), b.next()]);
    expect(a.delivered.map((delivery) => delivery.record.value).sort()).toEqual(['early', 'late']);
    expect(b.delivered.map((delivery) => delivery.record.value)).toEqual(['late']);
    expect(bus.hasConsumers('t')).toBe(true);
    expect(bus.hasConsumers('other')).toBe(false);
  });

  it('hashes keys stably and evenly', () => {
    expect(partitionForKey('bronze/a.csv', 4)).toBe(partitionForKey('bronze/a.csv', 4));
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) {
      const partition = partitionForKey(`key-${i}`, 4);
      counts[partition] = itemAt(counts, partition) + 1;
    }
    for (const count of counts) expect(count).toBeGreaterThan(800);
  });
});
