import type { PlatformConfig } from '@platform/app-runtime';
import { RequestTopic } from '../contracts/platform-contracts';
import { DEFAULT_RETRY_POLICY, RetryPolicy } from '../delivery/retry-policy';
import { InProcessBus } from '../in-process/in-process.bus';
import { KafkaConsumerTiming } from '../kafka/kafka-consumer-timing';
import { TopicNamespace } from './topic-namespace';

/** `PlatformConfig['kafka']`: `{ kind: 'kafka', brokers, topicPartitions }` or `{ kind: 'in-process' }`. */
export type EventBusConfig = PlatformConfig['kafka'];

export interface EventBusOptions {
  /** The app's name (Kafka client id). */
  clientId: string;
  /** The consumer group of this app's handlers: its replicas share the partitions. */
  groupId: string;
  /** Request-reply topics this app calls `request()` on (their replies are subscribed at start-up). */
  requestTopics?: RequestTopic[];
  /** Prepended to every topic name on the broker (deployments or test runs sharing a cluster). */
  topicPrefix?: string;
  retry?: Partial<RetryPolicy>;
  /** Default 10 s. */
  requestTimeoutMs?: number;
  consumerTiming?: Partial<KafkaConsumerTiming>;
  /** Kafka only: partitions handled at the same time by one member (default 1: one message at a time). */
  partitionsConsumedConcurrently?: number;
  /** In-process only: the bus to use (default: the one shared by this process). */
  bus?: InProcessBus;
}

export interface ResolvedEventBusOptions {
  config: EventBusConfig;
  clientId: string;
  groupId: string;
  requestTopics: RequestTopic[];
  namespace: TopicNamespace;
  retry: RetryPolicy;
  requestTimeoutMs: number;
  consumerTiming: Partial<KafkaConsumerTiming>;
  partitionsConsumedConcurrently: number;
  bus: InProcessBus;
}

export function resolveEventBusOptions(config: EventBusConfig, options: EventBusOptions): ResolvedEventBusOptions {
  const problems: string[] = [];
  if (!options.clientId) problems.push('clientId is empty');
  if (!options.groupId) problems.push('groupId is empty');
  const retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1) problems.push(`retry.maxAttempts=${retry.maxAttempts}: expected an integer ≥ 1`);
  if (!(retry.initialDelayMs >= 0 && retry.maxDelayMs >= retry.initialDelayMs && retry.factor >= 1 && retry.jitter >= 0 && retry.jitter < 1)) {
    problems.push('retry: expected 0 ≤ initialDelayMs ≤ maxDelayMs, factor ≥ 1 and 0 ≤ jitter < 1');
  }
  if (config.kind === 'kafka' && !(Number.isInteger(config.topicPartitions) && config.topicPartitions >= 1)) {
    problems.push(`topicPartitions=${config.topicPartitions}: expected an integer ≥ 1`);
  }
  if (problems.length > 0) throw new Error(`EventBusModule: ${problems.join('; ')}`);
  return {
    config,
    clientId: options.clientId,
    // The prefix names the group too, so deployments (or test runs) sharing a cluster never join each other's group.
    groupId: `${options.topicPrefix ?? ''}${options.groupId}`,
    requestTopics: [...(options.requestTopics ?? [])],
    namespace: new TopicNamespace(options.topicPrefix ?? ''),
    retry,
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    consumerTiming: options.consumerTiming ?? consumerTimingFor(config),
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
    bus: options.bus ?? InProcessBus.shared,
  };
}

/**
 * Timings from the configured session timeout (KAFKA_SESSION_TIMEOUT_MS): a shorter one lets a
 * restarted or replaced member take over sooner; the other three keep the ratios of kafkajs's defaults.
 */
function consumerTimingFor(config: EventBusConfig): Partial<KafkaConsumerTiming> {
  if (config.kind !== 'kafka' || config.sessionTimeoutMs === undefined) return {};
  const session = config.sessionTimeoutMs;
  return {
    sessionTimeout: session,
    heartbeatInterval: Math.max(100, Math.floor(session / 10)),
    rebalanceTimeout: session * 2,
    maxWaitTimeInMs: Math.max(100, Math.min(5_000, Math.floor(session / 6))),
  };
}
