import { Admin, Consumer, Kafka, KafkaMessage, logLevel, Partitioners, Producer } from 'kafkajs';
import { readServicesEnv } from '@platform/testing';
import { reachable } from './reachable';

describe('Kafka (tools/dev-services)', () => {
  const { KAFKA_BROKERS } = readServicesEnv();
  const kafka = new Kafka({
    clientId: 'dev-services-smoke',
    brokers: KAFKA_BROKERS.split(',').map((broker) => broker.trim()),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    retry: { retries: 2 },
  });
  const topic = `dev-services-smoke-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  let admin: Admin;
  let producer: Producer;
  let consumer: Consumer;

  beforeAll(async () => {
    admin = kafka.admin();
    await reachable('Kafka', KAFKA_BROKERS, () => admin.connect());
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
  });

  afterAll(async () => {
    await consumer?.disconnect().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
  });

  it('produces a message and consumes it back through a consumer group', async () => {
    const value = `hello from the smoke test ${Date.now()}`;
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'smoke', value }] });

    // On a brand-new cluster the first group join may meet "coordinator not available" while
    // __consumer_offsets is being created: kafkajs retries/restarts; only a final crash fails.
    consumer = kafka.consumer({ groupId: `${topic}-group`, retry: { retries: 8, initialRetryTime: 200 } });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const received = new Promise<KafkaMessage>((resolve, reject) => {
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) reject(payload.error);
      });
      consumer
        .run({
          eachMessage: async ({ message }) => {
            if (message.value?.toString() === value) resolve(message);
          },
        })
        .catch(reject);
    });

    const message = await received;
    expect(message.key?.toString()).toBe('smoke');
    expect(message.value?.toString()).toBe(value);
  });
});
