import { Logger } from '@nestjs/common';
import { KafkaHeaders, KafkaOptions, MessageHandler, ServerKafka } from '@nestjs/microservices';
import type { Consumer, EachMessagePayload, IHeaders, Kafka, Producer } from 'kafkajs';
import { MessageCodec } from '../codec/message-codec';
import { deadLetterTopicFor } from '../contracts/dead-letter.contract';
import { contractFor, DEAD_LETTERED_TOPICS, isRequestTopic, REPLY_TOPICS, Topic } from '../contracts/platform-contracts';
import { Assignments, EventBusServer, GroupAssignments, GroupJoinListener } from '../delivery/group-assignments';
import { InboundMessage, RequestAnswer } from '../delivery/inbound-message';
import { MessageDelivery } from '../delivery/message-delivery';
import { RetryPolicy } from '../delivery/retry-policy';
import { runHandlerWithHooks } from '../delivery/run-handler';
import { TopicNamespace } from '../module/topic-namespace';
import { EventBusKafkaContext } from './event-bus-kafka.context';
import { KafkaDeliveryAttempt } from './kafka-delivery-attempt';
import { ensureKafkaTopics } from './kafka-topics.provisioner';
import { TransactionalProducers } from './transactional-producers';

export interface EventBusKafkaServerOptions {
  /** From `kafkaMicroserviceOptions`. */
  kafka: Required<KafkaOptions>;
  namespace: TopicNamespace;
  retry: RetryPolicy;
  topicPartitions: number;
}

/**
 * Nest's Kafka server with this platform's delivery rules: every message goes through the codec
 * (handlers get validated messages), a failing handler is retried with backoff and then
 * dead-lettered, and the offset is committed only once the message is settled, so a crash or a
 * rebalance redelivers instead of losing it (handlers must be idempotent). Dead letters are sent
 * in a transaction that commits the offset with them (`KafkaDeliveryAttempt`): exactly once per
 * final outcome for read_committed readers. Requests get exactly one reply message. Topics are
 * created at start-up.
 */
export class EventBusKafkaServer extends ServerKafka implements EventBusServer {
  protected override logger = new Logger(EventBusKafkaServer.name);
  private readonly codec = new MessageCodec();
  private readonly stopping = new AbortController();
  private readonly groupAssignments = new GroupAssignments();
  private readonly delivery: MessageDelivery;
  private readonly inFlight = new Set<Promise<void>>();
  private producers?: TransactionalProducers;

  constructor(private readonly busOptions: EventBusKafkaServerOptions) {
    super(busOptions.kafka.options);
    this.delivery = new MessageDelivery({ codec: this.codec, retry: busOptions.retry, logger: this.logger, signal: this.stopping.signal });
  }

  override async start(callback: () => void): Promise<void> {
    const kafka = this.client as unknown as Kafka;
    await ensureKafkaTopics(kafka, this.topicsToProvision(), this.busOptions.topicPartitions, this.logger);
    this.producers = new TransactionalProducers(kafka, this.groupId);
    await super.start(callback);
  }

  /**
   * Stops retrying (the message being retried stays uncommitted, for the group's next owner),
   * lets the message in hand finish and commit, then disconnects. The order matters: once
   * kafkajs's disconnect begins, `commitOffsets` silently does nothing, so a message finished
   * after that point would be handled again after the restart.
   */
  override async close(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled([...this.inFlight]);
    await super.close();
    await this.producers?.close();
  }

  override async bindEvents(consumer: Parameters<ServerKafka['bindEvents']>[0]): Promise<void> {
    const kafkaConsumer = consumer as unknown as Consumer;
    const topics = [...this.messageHandlers.keys()].map((pattern) => this.busOptions.namespace.physical(pattern));
    if (topics.length > 0) await kafkaConsumer.subscribe({ ...this.options.subscribe, topics });
    await kafkaConsumer.run({ ...this.options.run, eachMessage: (payload) => this.handleMessage(payload) });
  }

  override handleMessage(payload: EachMessagePayload | Parameters<ServerKafka['handleMessage']>[0]): Promise<void> {
    const work = this.settle(payload);
    this.inFlight.add(work);
    return work.finally(() => this.inFlight.delete(work));
  }

  private async settle(payload: EachMessagePayload): Promise<void> {
    const { topic, partition, message, heartbeat } = payload;
    const logical = this.busOptions.namespace.logical(topic);
    const handler = this.getHandlerByPattern(logical);
    if (!handler) return this.commit(payload);
    const inbound: InboundMessage = {
      topic: logical,
      key: message.key?.toString('utf8') ?? null,
      value: message.value,
      partition,
      offset: message.offset,
    };
    const contextFor = (attempt: number, scope?: KafkaDeliveryAttempt) =>
      new EventBusKafkaContext(
        [message, partition, topic, this.consumer, heartbeat, this.producer] as unknown as ConstructorParameters<
          typeof EventBusKafkaContext
        >[0],
        attempt,
        (scope ?? this.attemptFor(payload, logical)).deadLetters,
      );
    const headers = headerStrings(message.headers);
    const correlationId = headers[KafkaHeaders.CORRELATION_ID];
    const replyTopic = headers[KafkaHeaders.REPLY_TOPIC];
    if (isRequestTopic(logical) && !handler.isEventHandler && correlationId && replyTopic) {
      const answer = await this.delivery.answerRequest(
        { ...inbound, topic: logical },
        { invoke: (data) => this.invoke(handler, data, contextFor(1)) },
      );
      await this.reply(answer, replyTopic, headers[KafkaHeaders.REPLY_PARTITION], correlationId);
      return this.commit(payload);
    }
    // Initialised before the first message of each assignment: fences the partition's previous owner.
    if (DEAD_LETTERED_TOPICS.includes(logical as Topic)) await this.transactionalProducers().forPartition(topic, partition);
    // Aborted (stopping): the offset stays uncommitted, the group's next owner gets the message again.
    await this.delivery.deliverEvent(inbound, {
      invoke: (data, attempt, scope) => this.invoke(handler, data, contextFor(attempt, scope as KafkaDeliveryAttempt)),
      keepAlive: heartbeat,
      startAttempt: () => this.attemptFor(payload, logical),
    });
  }

  private attemptFor({ topic, partition, message }: EachMessagePayload, logicalTopic: string): KafkaDeliveryAttempt {
    const producers = this.transactionalProducers();
    return new KafkaDeliveryAttempt({
      codec: this.codec,
      namespace: this.busOptions.namespace,
      groupId: this.groupId,
      topic,
      logicalTopic,
      partition,
      offset: message.offset,
      producer: () => producers.forPartition(topic, partition),
      commit: () => this.commit({ topic, partition, message } as EachMessagePayload),
      onTransactionFailure: () => producers.discard(topic, partition),
    });
  }

  assignments(): Assignments {
    return this.groupAssignments.get();
  }

  onGroupJoin(listener: GroupJoinListener): () => void {
    return this.groupAssignments.listen(listener);
  }

  override on<EventKey extends string | number | symbol = string | number | symbol, EventCallback = unknown>(
    event: EventKey,
    callback: EventCallback,
  ): void {
    if (event !== 'group_join') throw new Error(`EventBusKafkaServer emits only "group_join", not "${String(event)}"`);
    this.onGroupJoin(callback as unknown as GroupJoinListener);
  }

  protected override registerConsumerEventListeners(): void {
    super.registerConsumerEventListeners();
    const consumer = this.consumer as unknown as Consumer | null;
    consumer?.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.producers?.rebalanced();
      const assignments: Assignments = {};
      for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
        assignments[this.busOptions.namespace.logical(topic)] = [...partitions].sort((a, b) => a - b);
      }
      this.groupAssignments.set(assignments);
    });
  }

  /** The handled topics, their dead-letter topics and reply topics. */
  private topicsToProvision(): string[] {
    const topics: string[] = [];
    for (const pattern of this.messageHandlers.keys()) {
      contractFor(pattern); // a handler on a topic without a contract fails start-up, not the first message
      topics.push(pattern);
      if (DEAD_LETTERED_TOPICS.includes(pattern as Topic)) topics.push(deadLetterTopicFor(pattern));
      if (isRequestTopic(pattern)) topics.push(REPLY_TOPICS[pattern]);
    }
    return topics.map((topic) => this.busOptions.namespace.physical(topic));
  }

  /** One reply message per request (Nest's own server sends the value and a "disposed" marker apart). */
  private async reply(answer: RequestAnswer, replyTopic: string, replyPartition: string | undefined, correlationId: string): Promise<void> {
    const headers: Record<string, string | Buffer> = { [KafkaHeaders.CORRELATION_ID]: correlationId };
    if ('error' in answer) headers[KafkaHeaders.NEST_ERR] = JSON.stringify(answer.error);
    else headers[KafkaHeaders.NEST_IS_DISPOSED] = Buffer.alloc(1);
    await this.kafkaProducer().send({
      topic: replyTopic,
      messages: [
        {
          value: 'value' in answer ? answer.value : null,
          headers,
          ...(replyPartition !== undefined && replyPartition !== '' ? { partition: Number(replyPartition) } : {}),
        },
      ],
    });
  }

  private async commit({ topic, partition, message }: EachMessagePayload): Promise<void> {
    try {
      await (this.consumer as unknown as Consumer).commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
    } catch (error) {
      // Typically a rebalance took the partition: its next owner redelivers the message.
      this.logger.warn(`${topic}[${partition}]@${message.offset}: offset not committed: ${(error as Error).message}`);
    }
  }

  private invoke(handler: MessageHandler, data: unknown, context: EventBusKafkaContext): Promise<unknown> {
    const hooks = { transportId: this.transportId, start: this.onProcessingStartHook, end: this.onProcessingEndHook };
    return runHandlerWithHooks(hooks, handler, data, context);
  }

  private transactionalProducers(): TransactionalProducers {
    if (!this.producers) throw new Error('the Kafka server is not started');
    return this.producers;
  }

  private kafkaProducer(): Producer {
    if (!this.producer) throw new Error('the Kafka producer is not connected');
    return this.producer as unknown as Producer;
  }
}

function headerStrings(headers: IHeaders | undefined): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    result[name] = first === undefined ? undefined : first.toString();
  }
  return result;
}
