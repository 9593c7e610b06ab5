/**
 * Consumer group timings (ms). A member notices a rebalance at its next heartbeat, and kafkajs
 * heartbeats between fetches, so an idle member can take `maxWaitTimeInMs` to notice:
 * `rebalanceTimeout` must exceed it comfortably, or the member is evicted and the group
 * rebalances again. Production keeps kafkajs's defaults; tests shorten all four together.
 */
export interface KafkaConsumerTiming {
  sessionTimeout: number;
  heartbeatInterval: number;
  rebalanceTimeout: number;
  maxWaitTimeInMs: number;
}

export const DEFAULT_KAFKA_CONSUMER_TIMING: KafkaConsumerTiming = {
  sessionTimeout: 30_000,
  heartbeatInterval: 3_000,
  rebalanceTimeout: 60_000,
  maxWaitTimeInMs: 5_000,
};
