import type { Kafka, Producer } from 'kafkajs';

/** The broker's default `transaction.max.timeout.ms`: an object waiting out a server outage keeps its transaction open. */
const TRANSACTION_TIMEOUT_MS = 900_000;

interface Entry {
  producer: Promise<Producer>;
  generation: number;
}

/**
 * One transactional producer per consumed partition, `transactionalId` = `<group>-<topic>-<partition>`
 * (the classic consume-transform-produce pattern): whoever owns the partition next initialises the
 * same id, which fences the previous owner and aborts its open transaction, so letters of a
 * member killed mid-message never become visible. After every rebalance a partition's producer is
 * initialised again before its first message (`forPartition`), which also keeps a dead member's
 * open transaction from holding back the read_committed readers of the dead-letter topic.
 */
export class TransactionalProducers {
  private readonly producers = new Map<string, Entry>();
  private generation = 0;

  constructor(
    private readonly kafka: Kafka,
    private readonly groupId: string,
  ) {}

  /** Called on every group join: producers of the previous generation are initialised again before use. */
  rebalanced(): void {
    this.generation++;
  }

  async forPartition(topic: string, partition: number): Promise<Producer> {
    const id = `${this.groupId}-${topic}-${partition}`;
    const entry = this.producers.get(id);
    if (entry && entry.generation === this.generation) return entry.producer;
    if (entry) this.discard(topic, partition);
    const producer = this.kafka.producer({ transactionalId: id, idempotent: true, maxInFlightRequests: 1, transactionTimeout: TRANSACTION_TIMEOUT_MS });
    const connected = producer.connect().then(() => producer);
    connected.catch(() => this.producers.delete(id));
    this.producers.set(id, { producer: connected, generation: this.generation });
    return connected;
  }

  /** Drops a producer after a transactional error (fenced, timed out): the next use initialises a new one. */
  discard(topic: string, partition: number): void {
    const id = `${this.groupId}-${topic}-${partition}`;
    const entry = this.producers.get(id);
    this.producers.delete(id);
    void entry?.producer.then((producer) => producer.disconnect()).catch(() => undefined);
  }

  async close(): Promise<void> {
    const entries = [...this.producers.values()];
    this.producers.clear();
    await Promise.allSettled(entries.map((entry) => entry.producer.then((producer) => producer.disconnect())));
  }
}
