import { readServicesEnv } from '@platform/testing';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { describeEventBusContract } from './event-bus.contract';

const PARTITIONS = 4;

describeEventBusContract(
  'Kafka',
  async () => {
    const brokers = readServicesEnv().KAFKA_BROKERS.split(',');
    const admin = new Kafka({ clientId: 'kafka-events-contract', brokers, logLevel: logLevel.NOTHING, connectionTimeout: 2_000, retry: { retries: 1 } }).admin();
    try {
      await admin.connect();
      await admin.describeCluster();
    } catch (error) {
      await admin.disconnect().catch(() => undefined);
      throw new Error(`Kafka is not reachable at ${brokers.join(',')}: run \`npm run services:up\` (${(error as Error).message})`);
    }
    // Topics and groups of this run only: tests of other projects share the broker.
    const runPrefix = `test.kafka-events.${randomUUID().slice(0, 8)}.`;
    return {
      config: { kind: 'kafka', brokers, topicPartitions: PARTITIONS },
      options: {
        topicPrefix: runPrefix,
        // The broker's minimum session is 6 s. Short fetch waits and quick heartbeats make members
        // notice a rebalance at once, well inside the rebalance timeout.
        consumerTiming: { sessionTimeout: 6_000, heartbeatInterval: 300, rebalanceTimeout: 10_000, maxWaitTimeInMs: 300 },
      },
      partitions: PARTITIONS,
      cleanup: async () => {
        try {
          const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(runPrefix));
          if (topics.length > 0) await admin.deleteTopics({ topics });
          const { groups } = await admin.listGroups();
          const ours = groups.map((group) => group.groupId).filter((groupId) => groupId.startsWith(runPrefix));
          if (ours.length > 0) await admin.deleteGroups(ours);
        } finally {
          await admin.disconnect();
        }
      },
    };
  },
  45_000,
);
