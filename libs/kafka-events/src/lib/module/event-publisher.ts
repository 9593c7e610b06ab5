import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import { ReadinessRegistry } from '@platform/app-runtime';
import { Kafka } from 'kafkajs';
import { firstValueFrom, lastValueFrom, timeout, TimeoutError } from 'rxjs';
import { MessageCodec } from '../codec/message-codec';
import { allPlatformTopics, isRequestTopic, MessageOf, REPLY_TOPICS, ReplyOf, RequestTopic, Topic } from '../contracts/platform-contracts';
import { NotRequestTopicError, RemoteHandlerError, RequestTimeoutError } from '../errors/request-failed.error';
import { kafkaMicroserviceOptions } from '../kafka/kafka-microservice.options';
import { ensureKafkaTopics } from '../kafka/kafka-topics.provisioner';
import { BusEnvelope } from './bus-envelope';
import { EventBusClient } from './event-bus-client.factory';
import { EVENT_BUS_CLIENT, EVENT_BUS_OPTIONS } from './event-bus.constants';
import { ResolvedEventBusOptions } from './event-bus.options';

/**
 * Sends messages, validated against their topic's contract before anything leaves the process
 * (an invalid one throws `MessageValidationError` naming the field and rule). Same API on Kafka
 * and on the in-process bus.
 */
@Injectable()
export class EventPublisher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(EventPublisher.name);
  private readonly codec = new MessageCodec();
  private lastStatus = 'connected';

  constructor(
    @Inject(EVENT_BUS_CLIENT) private readonly client: EventBusClient,
    @Inject(EVENT_BUS_OPTIONS) private readonly options: ResolvedEventBusOptions,
    @Optional() private readonly readiness?: ReadinessRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    const { config, namespace } = this.options;
    if (config.kind === 'kafka') {
      const started = Date.now();
      const { client } = kafkaMicroserviceOptions(config.brokers, this.options).options;
      const topics = allPlatformTopics().map((topic) => namespace.physical(topic));
      try {
        await ensureKafkaTopics(new Kafka(client as ConstructorParameters<typeof Kafka>[0]), topics, config.topicPartitions, this.logger);
        this.client.status.subscribe((status: string) => (this.lastStatus = status));
        await this.client.connect();
      } catch (error) {
        throw new Error(`event bus: cannot use Kafka at ${config.brokers.join(',')}: ${(error as Error).message}`, { cause: error });
      }
      this.logger.log(`connected to Kafka ${config.brokers.join(',')} in ${Date.now() - started} ms`);
      this.readiness?.register('event-bus', async () => {
        if (['disconnected', 'crashed'].includes(this.lastStatus)) throw new Error(`Kafka client ${this.lastStatus}`);
      });
    } else {
      await this.client.connect();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }

  /** Publishes one message; resolves once the broker (or the in-process bus) has it. */
  async publish<T extends Topic>(topic: T, message: MessageOf<T>, options: { key?: string } = {}): Promise<void> {
    const encoded = this.codec.encode(topic, message);
    const envelope: BusEnvelope = { key: options.key ?? encoded.key, value: encoded.value, headers: {} };
    await lastValueFrom(this.client.emit(this.options.namespace.physical(topic), envelope), { defaultValue: undefined });
  }

  /** Request-reply: resolves with the validated reply, or rejects with the responder's error or a timeout. */
  async request<T extends RequestTopic>(topic: T, message: MessageOf<T>, options: { timeoutMs?: number } = {}): Promise<ReplyOf<T>> {
    if (!isRequestTopic(topic)) throw new NotRequestTopicError(topic, 'it has no reply topic');
    if (!this.options.requestTopics.includes(topic)) {
      throw new NotRequestTopicError(topic, 'declare it in EventBusModule.forRoot(config, { requestTopics }) so that its replies are subscribed at start-up');
    }
    const encoded = this.codec.encode(topic, message);
    const envelope: BusEnvelope = { key: encoded.key, value: encoded.value, headers: {} };
    const timeoutMs = options.timeoutMs ?? this.options.requestTimeoutMs;
    let raw: unknown;
    try {
      raw = await firstValueFrom(this.client.send(this.options.namespace.physical(topic), envelope).pipe(timeout({ first: timeoutMs })));
    } catch (error) {
      if (error instanceof TimeoutError) throw new RequestTimeoutError(topic, timeoutMs);
      throw remoteError(topic, error);
    }
    return this.codec.decode(REPLY_TOPICS[topic], raw as Buffer | string) as ReplyOf<T>;
  }
}

/** Error replies arrive as the JSON text of a `ReplyError` (header `kafka_nest-err` on both transports). */
function remoteError(topic: string, error: unknown): RemoteHandlerError {
  let reply: { message?: unknown; code?: unknown; retriable?: unknown } | undefined;
  if (typeof error === 'string') {
    try {
      reply = JSON.parse(error) as typeof reply;
    } catch {
      reply = { message: error };
    }
  } else if (typeof error === 'object' && error !== null) {
    reply = error as typeof reply;
  }
  return new RemoteHandlerError(
    topic,
    typeof reply?.message === 'string' ? reply.message : String(error),
    typeof reply?.code === 'string' ? reply.code : undefined,
    reply?.retriable !== false,
  );
}
