import { DATA_STREAMING_TOPIC, decodeMessage, LakeObjectCreated } from '@platform/kafka-events';
import { Consumer, Kafka } from 'kafkajs';

export interface NotificationReader {
  received: LakeObjectCreated[];
  /** Resolves when `count` notifications for the key have arrived. */
  forKey(key: string, count?: number, timeoutMs?: number): Promise<LakeObjectCreated[]>;
  stop(): Promise<void>;
}

/**
 * A plain kafkajs consumer of `<prefix>data_streaming` from the beginning, decoding each message
 * with the platform's codec, as the stream processor would.
 */
export async function readNotifications(kafka: Kafka, topicPrefix: string): Promise<NotificationReader> {
  const received: LakeObjectCreated[] = [];
  let changed: () => void = () => undefined;
  const consumer: Consumer = kafka.consumer({ groupId: `${topicPrefix}test-reader`, sessionTimeout: 10_000, heartbeatInterval: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic: `${topicPrefix}${DATA_STREAMING_TOPIC}`, fromBeginning: true });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachMessage: async ({ message }) => {
      received.push(...decodeMessage(DATA_STREAMING_TOPIC, message.value));
      changed();
    },
  });
  await joined;
  return {
    received,
    forKey: (key, count = 1, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${count} notification(s) for ${key} expected within ${timeoutMs} ms; got ${JSON.stringify(received.map((o) => o.key))}`)), timeoutMs);
        const check = () => {
          const found = received.filter((object) => object.key === key);
          if (found.length >= count) {
            clearTimeout(timer);
            resolve(found);
            return true;
          }
          return false;
        };
        if (check()) return;
        const previous = changed;
        changed = () => {
          previous();
          check();
        };
      }),
    stop: () => consumer.disconnect(),
  };
}
