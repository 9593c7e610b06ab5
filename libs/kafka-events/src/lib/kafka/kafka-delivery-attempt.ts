import type { Producer, Transaction } from 'kafkajs';
import { MessageCodec } from '../codec/message-codec';
import { DeadLetter, deadLetterTopicFor } from '../contracts/dead-letter.contract';
import { DeliveryAttempt } from '../delivery/delivery-attempt';
import { DeadLetterSink } from '../delivery/dead-letter-sink';
import { TopicNamespace } from '../module/topic-namespace';

export interface KafkaDeliveryAttemptParams {
  codec: MessageCodec;
  namespace: TopicNamespace;
  groupId: string;
  /** The consumed message: physical and logical topic, partition, offset. */
  topic: string;
  logicalTopic: string;
  partition: number;
  offset: string;
  producer: () => Promise<Producer>;
  /** Commits the offset outside a transaction (an attempt that sent no letter needs none). */
  commit: () => Promise<void>;
  /** Told about a transactional failure, so the partition's producer is initialised again. */
  onTransactionFailure: () => void;
}

/** `DeliveryAttempt` on Kafka: a transaction opened by the first letter, committed with the offset. */
export class KafkaDeliveryAttempt implements DeliveryAttempt {
  readonly deadLetters: DeadLetterSink = { send: (letters) => this.send(letters) };
  private transaction?: Promise<Transaction>;

  constructor(private readonly params: KafkaDeliveryAttemptParams) {}

  async settle(letter?: DeadLetter): Promise<void> {
    if (letter) await this.send([letter]);
    if (!this.transaction) return this.params.commit();
    const { groupId, topic, partition, offset } = this.params;
    await this.transactional(async (transaction) => {
      await transaction.sendOffsets({ consumerGroupId: groupId, topics: [{ topic, partitions: [{ partition, offset: (BigInt(offset) + 1n).toString() }] }] });
      await transaction.commit();
    });
  }

  async abandon(): Promise<void> {
    const transaction = this.transaction;
    this.transaction = undefined;
    if (!transaction) return;
    try {
      await (await transaction).abort();
    } catch {
      // Nothing was committed; a producer that cannot abort is replaced (re-initialising aborts for it).
      this.params.onTransactionFailure();
    }
  }

  private async send(letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    const { codec, namespace, logicalTopic } = this.params;
    const dlq = deadLetterTopicFor(logicalTopic);
    const messages = letters.map((letter) => {
      const { key, value } = codec.encode(dlq, letter);
      return { key: key ?? null, value };
    });
    await this.transactional((transaction) => transaction.send({ topic: namespace.physical(dlq), messages }).then(() => undefined));
  }

  private async transactional(work: (transaction: Transaction) => Promise<void>): Promise<void> {
    try {
      this.transaction ??= this.params.producer().then((producer) => producer.transaction());
      await work(await this.transaction);
    } catch (error) {
      this.params.onTransactionFailure();
      throw error;
    }
  }
}
