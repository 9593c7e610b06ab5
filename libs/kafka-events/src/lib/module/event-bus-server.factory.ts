import { INestApplication, INestMicroservice } from '@nestjs/common';
import { CustomStrategy } from '@nestjs/microservices';
import { InProcessServer } from '../in-process/in-process.server';
import { EventBusKafkaServer } from '../kafka/event-bus-kafka.server';
import { kafkaMicroserviceOptions } from '../kafka/kafka-microservice.options';
import { EVENT_BUS_OPTIONS } from './event-bus.constants';
import { EventBusConfig, EventBusOptions, ResolvedEventBusOptions, resolveEventBusOptions } from './event-bus.options';

export type EventBusServerStrategy = EventBusKafkaServer | InProcessServer;

/** The consumer side: Nest's Kafka transport (ours) on Kafka, the in-process strategy otherwise. */
function createEventBusServer(options: ResolvedEventBusOptions): EventBusServerStrategy {
  const { config } = options;
  if (config.kind === 'in-process') {
    return new InProcessServer({
      bus: options.bus,
      clientId: options.clientId,
      groupId: options.groupId,
      namespace: options.namespace,
      retry: options.retry,
    });
  }
  return new EventBusKafkaServer({
    kafka: kafkaMicroserviceOptions(
      config.brokers,
      { clientId: options.clientId, groupId: options.groupId },
      options.consumerTiming,
      options.partitionsConsumedConcurrently,
    ),
    namespace: options.namespace,
    retry: options.retry,
    topicPartitions: config.topicPartitions,
  });
}

/** For `NestFactory.createMicroservice(AppModule, eventBusMicroserviceOptions(config, options))`. */
export function eventBusMicroserviceOptions(config: EventBusConfig, options: EventBusOptions): CustomStrategy & { strategy: EventBusServerStrategy } {
  return { strategy: createEventBusServer(resolveEventBusOptions(config, options)) };
}

/**
 * Attaches the bus's consumer to an HTTP app (hybrid app) with the options given to
 * `EventBusModule.forRoot`, and starts it. The app is initialised first, so that no handler runs
 * before the providers it uses are ready; `app.close()` stops the consumer. The consumer shares
 * the app's global enhancers (`inheritAppConfig`): that is how `EventBusModule`'s
 * `APP_INTERCEPTOR` reaches its handlers, and a global metrics interceptor too; an app-wide
 * exception filter meant for HTTP only must check `host.getType()`.
 */
export async function connectEventBus(app: INestApplication): Promise<{ microservice: INestMicroservice; server: EventBusServerStrategy }> {
  const server = createEventBusServer(app.get<ResolvedEventBusOptions>(EVENT_BUS_OPTIONS));
  await app.init();
  const microservice = app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
  await microservice.listen();
  return { microservice, server };
}
