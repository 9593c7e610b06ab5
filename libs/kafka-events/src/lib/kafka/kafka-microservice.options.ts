import { KafkaOptions, Transport } from '@nestjs/microservices';
import { ConsumerConfig, KafkaConfig, logLevel, Partitioners, ProducerConfig } from 'kafkajs';
import { DEFAULT_KAFKA_CONSUMER_TIMING, KafkaConsumerTiming } from './kafka-consumer-timing';
import { kafkaLogCreator } from './kafka-log-creator';

export interface KafkaIdentity {
  /** Names this app's connections in the broker's logs and quotas. */
  clientId: string;
  /** The consumer group: replicas of one app share it, and so share the partitions. */
  groupId: string;
}

/**
 * Options of Nest's Kafka transport as this platform runs it: offsets committed explicitly after
 * each message is settled (`autoCommit: false`, at-least-once), new groups read topics from the
 * beginning, topics are created at start-up with the configured partition count (never
 * auto-created with one), and values stay bytes (`keepBinary`) for our codec to parse.
 */
export function kafkaMicroserviceOptions(
  brokers: string[],
  identity: KafkaIdentity,
  timing: Partial<KafkaConsumerTiming> = {},
  /** Partitions whose messages are handled at the same time (kafkajs `partitionsConsumedConcurrently`). */
  concurrency = 1,
): Required<KafkaOptions> {
  const client: KafkaConfig = {
    clientId: identity.clientId,
    brokers,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(),
    connectionTimeout: 3_000,
    retry: { initialRetryTime: 300, retries: 8 },
  };
  const consumer: ConsumerConfig = {
    groupId: identity.groupId,
    ...DEFAULT_KAFKA_CONSUMER_TIMING,
    ...timing,
    allowAutoTopicCreation: false,
    retry: { initialRetryTime: 300, retries: 8 },
  };
  // Java-compatible murmur2 partitioning (kafkajs 2 default), named to silence its warning.
  const producer: ProducerConfig = { createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false };
  return {
    transport: Transport.KAFKA,
    // Nest re-declares kafkajs's types (its own `logLevel` enum...): same shapes, different names.
    options: {
      // Nest appends "-server"/"-client" to ids by default; the group id here is the real one.
      postfixId: '',
      client,
      consumer,
      subscribe: { fromBeginning: true },
      run: { autoCommit: false, partitionsConsumedConcurrently: concurrency },
      producer,
      parser: { keepBinary: true },
    } as unknown as Required<KafkaOptions>['options'],
  };
}
