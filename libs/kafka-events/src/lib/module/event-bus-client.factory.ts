import { ClientKafka } from '@nestjs/microservices';
import { InProcessClient } from '../in-process/in-process.client';
import { kafkaMicroserviceOptions } from '../kafka/kafka-microservice.options';
import { ResolvedEventBusOptions } from './event-bus.options';

/** The producer side: `ClientKafka` on Kafka, `InProcessClient` on the embedded bus. */
export type EventBusClient = ClientKafka | InProcessClient;

export function createEventBusClient(options: ResolvedEventBusOptions): EventBusClient {
  if (options.config.kind === 'in-process') return new InProcessClient(options.bus);
  const kafka = kafkaMicroserviceOptions(
    options.config.brokers,
    { clientId: options.clientId, groupId: options.groupId },
    options.consumerTiming,
  ).options;
  const client = new ClientKafka({
    ...kafka,
    // The reply consumer is its own group (`<groupId>-client`): it must not join the handlers' group.
    postfixId: '-client',
    producerOnlyMode: options.requestTopics.length === 0,
    // From the beginning, not "latest": kafkajs resolves "latest" at the first fetch, after
    // connect() returns, so a fast reply to the first request could land before it and be
    // skipped. Old replies are ignored (no pending correlation id); reply topics keep one hour.
    subscribe: { fromBeginning: true },
    run: { autoCommit: true },
  });
  for (const topic of options.requestTopics) client.subscribeToResponseOf(options.namespace.physical(topic));
  return client;
}
