import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Consumer, Kafka } from 'kafkajs';
import { MessageCodec } from '../codec/message-codec';
import { ReceivedMessageOf, Topic } from '../contracts/platform-contracts';
import { ResolvedEventBusOptions } from '../module/event-bus.options';
import { kafkaMicroserviceOptions } from './kafka-microservice.options';

export interface EveryReplicaSubscription {
  close(): Promise<void>;
}

export interface EveryReplicaHandlers<T extends Topic> {
  onMessage: (message: ReceivedMessageOf<T>) => Promise<void>;
  /**
   * Called each time the consumer has joined, before its first fetch: it reads from the end of the
   * topic, so a message sent before that moment is not delivered; check the state it announces here.
   */
  onJoined: () => void;
}

/**
 * Messages of `topic` that EVERY replica of an app must see (a consumer group gives each message
 * to one member only): a consumer in a group of its own, `<group>.<random>`, reading from the end
 * and never committing, so the broker forgets the group once it leaves. Messages that fail the
 * topic's contract, or whose handler fails, are logged and skipped. Kafka only: on the in-process bus there is one process,
 * whose `@EventPattern` handlers already get every message.
 */
export async function subscribeOnEveryReplica<T extends Topic>(
  options: ResolvedEventBusOptions,
  topic: T,
  handlers: EveryReplicaHandlers<T>,
): Promise<EveryReplicaSubscription | undefined> {
  if (options.config.kind !== 'kafka') return undefined;
  const logger = new Logger(`EveryReplica(${topic})`);
  const codec = new MessageCodec();
  const groupId = `${options.groupId}.${randomUUID()}`;
  const { client, consumer: consumerConfig } = kafkaMicroserviceOptions(options.config.brokers, { clientId: options.clientId, groupId }, options.consumerTiming)
    .options as unknown as { client: ConstructorParameters<typeof Kafka>[0]; consumer: Parameters<Kafka['consumer']>[0] };
  const consumer: Consumer = new Kafka(client).consumer(consumerConfig);
  consumer.on(consumer.events.GROUP_JOIN, () => handlers.onJoined());
  await consumer.connect();
  await consumer.subscribe({ topic: options.namespace.physical(topic), fromBeginning: false });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ message, partition }) => {
      let decoded: ReceivedMessageOf<T>;
      try {
        decoded = codec.decode(topic, message.value);
      } catch (error) {
        logger.warn(`${topic}[${partition}]@${message.offset} skipped: ${(error as Error).message}`);
        return;
      }
      // Never committed, so a throw would only replay the message: log it instead.
      await handlers.onMessage(decoded).catch((error: Error) => logger.error(`${topic}[${partition}]@${message.offset}: ${error.message}`));
    },
  });
  return { close: () => consumer.disconnect() };
}
