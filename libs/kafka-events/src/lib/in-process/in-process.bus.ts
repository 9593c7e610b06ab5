import { itemAt } from '@platform/common';
import { Logger } from '@nestjs/common';

/** A message on the in-process bus: the same parts as a Kafka message, the value already JSON text. */
export interface BusRecord {
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

export interface BusDelivery {
  topic: string;
  partition: number;
  offset: string;
  record: BusRecord;
}

/** A consumer in a group. `deliver` resolves true when the message is settled, false to have it redelivered. */
export interface BusMember {
  readonly memberId: string;
  deliver(delivery: BusDelivery): Promise<boolean>;
  /** Told the partitions it owns after every change of its group (Kafka's GROUP_JOIN). */
  assigned(topic: string, partitions: number[]): void;
}

interface GroupState {
  members: BusMember[];
  /** One FIFO per partition; the head is the message being delivered. */
  queues: BusDelivery[][];
  busy: boolean[];
}

interface TopicState {
  groups: Map<string, GroupState>;
  /** Kept for the first group while none has subscribed, like a topic read from the beginning. */
  unclaimed: BusDelivery[];
  nextOffset: number[];
  roundRobin: number;
  listeners: Set<(record: BusRecord) => void>;
}

export const DEFAULT_IN_PROCESS_PARTITIONS = 4;
const UNCLAIMED_LIMIT = 10_000;

/**
 * The embedded event bus for one process (DESIGN.md section 3: `KAFKA_BROKERS` unset). Kafka's
 * semantics where handlers can tell: every consumer group gets every message; within a group
 * each message goes to one member, by partition (key hash, like Kafka's partitioner), partitions
 * spread over the members; one message at a time per partition, so a key's messages stay in
 * order and a retrying handler holds back its partition; a message stays queued until its
 * member settles it, and goes to another member if its member leaves first. Not durable: what
 * is queued dies with the process.
 */
export class InProcessBus {
  /** The bus that every publisher and consumer of this process shares unless given another. */
  static readonly shared = new InProcessBus();

  private readonly logger = new Logger(InProcessBus.name);
  private readonly topics = new Map<string, TopicState>();

  constructor(readonly partitions = DEFAULT_IN_PROCESS_PARTITIONS) {}

  publish(topic: string, record: BusRecord): BusDelivery {
    const state = this.topic(topic);
    const partition = record.key === null ? state.roundRobin++ % this.partitions : partitionForKey(record.key, this.partitions);
    const offset = itemAt(state.nextOffset, partition);
    state.nextOffset[partition] = offset + 1;
    const delivery: BusDelivery = { topic, partition, offset: String(offset), record };
    for (const listener of state.listeners) queueMicrotask(() => listener(record));
    if (state.groups.size === 0) {
      if (state.listeners.size === 0) {
        if (state.unclaimed.length >= UNCLAIMED_LIMIT) {
          state.unclaimed.shift();
          this.logger.warn(`${topic}: nobody consumes it and ${UNCLAIMED_LIMIT} messages wait: dropping the oldest`);
        }
        state.unclaimed.push(delivery);
      }
      return delivery;
    }
    for (const [groupId, group] of state.groups) {
      itemAt(group.queues, partition).push(delivery);
      this.pump(topic, groupId, group, partition);
    }
    return delivery;
  }

  /** Joins `member` to `groupId` on `topic`; returns how to leave. */
  subscribe(topic: string, groupId: string, member: BusMember): () => void {
    const state = this.topic(topic);
    let group = state.groups.get(groupId);
    if (!group) {
      group = {
        members: [],
        queues: Array.from({ length: this.partitions }, () => []),
        busy: Array.from({ length: this.partitions }, () => false),
      };
      state.groups.set(groupId, group);
      if (state.groups.size === 1) for (const delivery of state.unclaimed.splice(0)) itemAt(group.queues, delivery.partition).push(delivery);
    }
    const joined = group;
    joined.members.push(member);
    this.rebalance(topic, groupId, joined);
    return () => {
      const index = joined.members.indexOf(member);
      if (index < 0) return;
      joined.members.splice(index, 1);
      this.rebalance(topic, groupId, joined);
    };
  }

  /** Hears every message of `topic` without being in a group (how request-reply clients get replies). */
  listen(topic: string, listener: (record: BusRecord) => void): () => void {
    const state = this.topic(topic);
    state.listeners.add(listener);
    return () => state.listeners.delete(listener);
  }

  /** Whether some consumer group would receive a message on `topic` now. */
  hasConsumers(topic: string): boolean {
    const state = this.topics.get(topic);
    return !!state && [...state.groups.values()].some((group) => group.members.length > 0);
  }

  /** Partition `p` belongs to member `p mod n` (members in join order), as a round-robin assignor would. */
  private ownerOf(group: GroupState, partition: number): BusMember | undefined {
    return group.members.length === 0 ? undefined : group.members[partition % group.members.length];
  }

  private rebalance(topic: string, groupId: string, group: GroupState): void {
    for (const member of group.members) {
      const owned = group.queues.map((_, partition) => partition).filter((partition) => this.ownerOf(group, partition) === member);
      member.assigned(topic, owned);
    }
    for (let partition = 0; partition < this.partitions; partition++) this.pump(topic, groupId, group, partition);
  }

  private pump(topic: string, groupId: string, group: GroupState, partition: number): void {
    const queue = itemAt(group.queues, partition);
    const head = queue[0];
    const member = this.ownerOf(group, partition);
    if (!head || !member || group.busy[partition]) return;
    group.busy[partition] = true;
    // Delivered on a later tick, as from a broker: a publisher never runs its consumers' code inline.
    setImmediate(() => {
      member
        .deliver(head)
        .catch((error: unknown) => {
          this.logger.error(`${topic}[${partition}]@${head.offset} (group ${groupId}): ${(error as Error).message}`);
          return true;
        })
        .then((settled) => {
          group.busy[partition] = false;
          if (settled && queue[0] === head) queue.shift();
          // A member that gave a message back while still owning it is stopping: let it leave first.
          if (!settled && this.ownerOf(group, partition) === member) {
            setTimeout(() => this.pump(topic, groupId, group, partition), 50);
          } else {
            this.pump(topic, groupId, group, partition);
          }
        });
    });
  }

  private topic(name: string): TopicState {
    let state = this.topics.get(name);
    if (!state) {
      state = {
        groups: new Map(),
        unclaimed: [],
        nextOffset: Array.from({ length: this.partitions }, () => 0),
        roundRobin: 0,
        listeners: new Set(),
      };
      this.topics.set(name, state);
    }
    return state;
  }
}

/** Same partition for the same key, spread evenly (FNV-1a; Kafka uses murmur2, the property is what matters). */
export function partitionForKey(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}
