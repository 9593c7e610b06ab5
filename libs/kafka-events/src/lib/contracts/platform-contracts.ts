import type { z } from 'zod';
import { UnknownTopicError } from '../errors/unknown-topic.error';
import { DATA_STREAMING_DLQ_TOPIC, deadLetterContract, deadLetterTopicFor, isDeadLetterTopic } from './dead-letter.contract';
import {
  INFERENCE_PREDICT_REPLY_TOPIC,
  INFERENCE_PREDICT_TOPIC,
  predictReplyContract,
  predictRequestContract,
} from './inference-predict.contract';
import { DATA_STREAMING_TOPIC, lakeNotificationContract } from './lake-notification.contract';
import { MessageContract } from './message-contract';
import { MODEL_PROMOTED_TOPIC, modelPromotedContract } from './model-promoted.contract';
import { TRAINER_REQUESTS_TOPIC, trainerRequestContract } from './trainer-request.contract';
import { TRAINER_TRIALS_TOPIC, trainerTrialContract } from './trainer-trial.contract';

/** Every topic of DESIGN.md section 9 and its contract. */
const PLATFORM_CONTRACTS = {
  [DATA_STREAMING_TOPIC]: lakeNotificationContract,
  [DATA_STREAMING_DLQ_TOPIC]: deadLetterContract,
  [MODEL_PROMOTED_TOPIC]: modelPromotedContract,
  [INFERENCE_PREDICT_TOPIC]: predictRequestContract,
  [INFERENCE_PREDICT_REPLY_TOPIC]: predictReplyContract,
  [TRAINER_REQUESTS_TOPIC]: trainerRequestContract,
  [TRAINER_TRIALS_TOPIC]: trainerTrialContract,
} as const;

type Contracts = typeof PLATFORM_CONTRACTS;
export type Topic = keyof Contracts;
/** What a producer writes on `T`. */
export type MessageOf<T extends Topic> = z.input<Contracts[T]['schema']>;
/** What a handler of `T` receives: validated and normalised. */
export type ReceivedMessageOf<T extends Topic> = z.output<Contracts[T]['schema']>;

/** Request-reply topics and where their replies go (`<topic>.reply`, Nest's Kafka convention). */
export const REPLY_TOPICS = {
  [INFERENCE_PREDICT_TOPIC]: INFERENCE_PREDICT_REPLY_TOPIC,
} as const;
export type RequestTopic = keyof typeof REPLY_TOPICS;
export type ReplyOf<T extends RequestTopic> = ReceivedMessageOf<(typeof REPLY_TOPICS)[T]>;

/** Event topics whose failed messages go to `<topic>.dlq` (DLQs and replies have none). */
export const DEAD_LETTERED_TOPICS: readonly Topic[] = [
  DATA_STREAMING_TOPIC,
  MODEL_PROMOTED_TOPIC,
  TRAINER_REQUESTS_TOPIC,
  TRAINER_TRIALS_TOPIC,
];

export function isRequestTopic(topic: string): topic is RequestTopic {
  return Object.prototype.hasOwnProperty.call(REPLY_TOPICS, topic);
}

/** The contract of a topic; `<topic>.dlq` topics share the dead-letter contract. */
export function contractFor(topic: string): MessageContract {
  if (Object.prototype.hasOwnProperty.call(PLATFORM_CONTRACTS, topic)) {
    return PLATFORM_CONTRACTS[topic as Topic] as unknown as MessageContract;
  }
  if (isDeadLetterTopic(topic) && DEAD_LETTERED_TOPICS.includes(topic.slice(0, -'.dlq'.length) as Topic)) {
    return deadLetterContract as unknown as MessageContract;
  }
  throw new UnknownTopicError(topic);
}

/** Every topic the platform uses, dead-letter topics included: what start-up creates. */
export function allPlatformTopics(): string[] {
  const topics = new Set<string>(Object.keys(PLATFORM_CONTRACTS));
  for (const topic of DEAD_LETTERED_TOPICS) topics.add(deadLetterTopicFor(topic));
  return [...topics];
}
