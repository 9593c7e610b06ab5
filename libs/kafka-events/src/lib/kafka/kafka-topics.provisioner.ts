import { LoggerService } from '@nestjs/common';
import { retryWithBackoff } from '@platform/common';
import { Admin, Kafka } from 'kafkajs';

/** A reply is useless once its request has timed out: reply topics keep an hour, not the broker's week. */
const REPLY_RETENTION_MS = 60 * 60 * 1000;
const LEADERS_DEADLINE_MS = 30_000;
const LEADERS_RECHECK_MS = 100;

/**
 * Creates the missing topics with `partitions` partitions (idempotent: existing topics are left
 * alone, and a concurrent creator's "already exists" is success), and returns once every
 * partition has a leader. An existing topic with fewer partitions is reported, not changed:
 * adding partitions moves keys to other partitions.
 */
export async function ensureKafkaTopics(kafka: Kafka, topics: string[], partitions: number, logger: LoggerService): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const wanted = [...new Set(topics)];
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      const started = Date.now();
      // kafkajs's own waitForLeaders gives up on UNKNOWN_TOPIC_OR_PARTITION, which a KRaft broker
      // answers for a moment after creating a topic: waitForLeaders below tolerates it.
      await admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((topic) => ({ topic, numPartitions: partitions, configEntries: configFor(topic) })),
      });
      await waitForLeaders(admin, missing);
      logger.log(`created ${missing.length} topic(s) with ${partitions} partitions in ${Date.now() - started} ms: ${missing.join(', ')}`);
    }
    const present = wanted.filter((topic) => existing.has(topic));
    if (present.length > 0) {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics: present });
      for (const topic of metadata) {
        if (topic.partitions.length < partitions) {
          logger.warn?.(
            `topic ${topic.name} has ${topic.partitions.length} partitions, fewer than the configured ${partitions}: ` +
              'at most that many consumers of a group share it',
          );
        }
      }
    }
  } finally {
    await admin.disconnect();
  }
}

/** Not an error of the broker: the topics exist and are still electing their leaders. */
class LeadersPending extends Error {}

/** Re-reads the metadata until every partition of `topics` has a leader, or the deadline passes. */
async function waitForLeaders(admin: Admin, topics: string[]): Promise<void> {
  try {
    await retryWithBackoff(
      async () => {
        try {
          const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
          const leaderless = metadata.filter((topic) => topic.partitions.length === 0 || topic.partitions.some((partition) => partition.leader < 0));
          if (leaderless.length > 0) throw new LeadersPending(`no leader yet for ${leaderless.map((topic) => topic.name).join(', ')}`);
        } catch (error) {
          const type = (error as { type?: string }).type;
          if (type === 'UNKNOWN_TOPIC_OR_PARTITION' || type === 'LEADER_NOT_AVAILABLE') throw new LeadersPending((error as Error).message);
          throw error;
        }
      },
      {
        initialDelayMs: LEADERS_RECHECK_MS,
        factor: 1,
        jitter: 0,
        maxElapsedMs: LEADERS_DEADLINE_MS,
        retryIf: (error) => error instanceof LeadersPending,
      },
    );
  } catch (error) {
    if (!(error instanceof LeadersPending)) throw error;
    throw new Error(`topics created but not ready after ${LEADERS_DEADLINE_MS} ms: ${error.message}`);
  }
}

function configFor(topic: string): { name: string; value: string }[] {
  return topic.endsWith('.reply') ? [{ name: 'retention.ms', value: String(REPLY_RETENTION_MS) }] : [];
}
