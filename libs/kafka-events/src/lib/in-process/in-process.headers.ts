import { KafkaHeaders } from '@nestjs/microservices';

/** The in-process bus uses Nest's Kafka header names, so requests and replies look the same on both. */
export const BUS_HEADERS = {
  correlationId: KafkaHeaders.CORRELATION_ID,
  replyTopic: KafkaHeaders.REPLY_TOPIC,
  error: KafkaHeaders.NEST_ERR,
} as const;
