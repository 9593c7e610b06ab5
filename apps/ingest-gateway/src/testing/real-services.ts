import { createServicesNamespace } from '@platform/testing';
import { Kafka, logLevel } from 'kafkajs';

export interface RealServices {
  /** The gateway's environment: the dev servers, with a bucket prefix, topic prefix and database of this run. */
  env: Record<string, string>;
  topicPrefix: string;
  kafka: Kafka;
  cleanup: () => Promise<void>;
}

/**
 * The real servers of tools/dev-services, isolated for one test file (buckets `ingest-<hex>-*`,
 * topics `ingest-<hex>.*`, a scratch PostgreSQL database); `cleanup` removes them all. Fails (never
 * skips) with how to start the servers when one does not answer.
 */
export async function realServices(extra: Record<string, string> = {}): Promise<RealServices> {
  const namespace = await createServicesNamespace('ingest');
  const kafka = new Kafka({ clientId: `${namespace.id}-test`, brokers: namespace.services.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  return {
    env: { ...namespace.env, KAFKA_TOPIC_PARTITIONS: '1', ...extra },
    topicPrefix: namespace.topicPrefix,
    kafka,
    cleanup: namespace.drop,
  };
}
