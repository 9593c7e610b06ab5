import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { MessageCodec } from '../codec/message-codec';
import { contractFor, isRequestTopic } from '../contracts/platform-contracts';
import { Assignments, EventBusServer, GroupAssignments, GroupJoinListener } from '../delivery/group-assignments';
import { InboundMessage } from '../delivery/inbound-message';
import { MessageDelivery } from '../delivery/message-delivery';
import { RetryPolicy } from '../delivery/retry-policy';
import { runHandlerWithHooks } from '../delivery/run-handler';
import { TopicNamespace } from '../module/topic-namespace';
import { InProcessDeliveryAttempt } from './in-process-delivery-attempt';
import { BusDelivery, BusMember, InProcessBus } from './in-process.bus';
import { InProcessContext } from './in-process.context';
import { BUS_HEADERS } from './in-process.headers';

const IN_PROCESS_TRANSPORT = Symbol('IN_PROCESS_TRANSPORT');

export interface InProcessServerOptions {
  bus: InProcessBus;
  clientId: string;
  groupId: string;
  namespace: TopicNamespace;
  retry: RetryPolicy;
}

/**
 * Runs the app's `@EventPattern`/`@MessagePattern` handlers on the in-process bus, with the same
 * delivery rules as on Kafka (decode through the codec, retries, dead letters, one reply per request).
 */
export class InProcessServer extends Server implements CustomTransportStrategy, EventBusServer {
  override transportId = IN_PROCESS_TRANSPORT;
  protected override readonly logger = new Logger(InProcessServer.name);
  private readonly codec = new MessageCodec();
  private readonly stopping = new AbortController();
  private readonly groupAssignments = new GroupAssignments();
  private readonly inFlight = new Set<Promise<boolean>>();
  private readonly delivery: MessageDelivery;
  private leaveAll: (() => void)[] = [];
  /** Offsets restart with the process: delivery ids carry the process's own id so none repeats. */
  private readonly processId = randomUUID();

  constructor(private readonly options: InProcessServerOptions) {
    super();
    this.delivery = new MessageDelivery({
      codec: this.codec,
      retry: options.retry,
      logger: this.logger,
      signal: this.stopping.signal,
    });
  }

  listen(callback: (error?: unknown) => void): void {
    try {
      const member: BusMember = {
        memberId: `${this.options.clientId}-${randomUUID()}`,
        deliver: (delivery) => this.track(this.deliver(delivery)),
        assigned: (topic, partitions) => this.groupAssignments.update(this.options.namespace.logical(topic), partitions),
      };
      for (const pattern of this.messageHandlers.keys()) {
        contractFor(pattern); // a handler on a topic without a contract fails start-up, not the first message
        this.leaveAll.push(this.options.bus.subscribe(this.options.namespace.physical(pattern), this.options.groupId, member));
      }
      this._status$.next('connected');
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** Leaves the groups first (their messages go to other members), then lets the running handler finish. */
  async close(): Promise<void> {
    for (const leave of this.leaveAll.splice(0)) leave();
    this.stopping.abort();
    await Promise.allSettled([...this.inFlight]);
    this._status$.next('disconnected');
  }

  assignments(): Assignments {
    return this.groupAssignments.get();
  }

  onGroupJoin(listener: GroupJoinListener): () => void {
    return this.groupAssignments.listen(listener);
  }

  on(event: string, callback: unknown): void {
    if (event !== 'group_join') throw new Error(`InProcessServer emits only "group_join", not "${event}"`);
    this.onGroupJoin(callback as unknown as GroupJoinListener);
  }

  unwrap<T>(): T {
    return this.options.bus as T;
  }

  private async deliver({ topic, partition, offset, record }: BusDelivery): Promise<boolean> {
    if (this.stopping.signal.aborted) return false;
    const logical = this.options.namespace.logical(topic);
    const handler = this.getHandlerByPattern(logical);
    if (!handler) return true;
    const message: InboundMessage = { topic: logical, key: record.key, value: record.value, partition, offset };
    const deliveryId = `in-process:${this.processId}:${topic}/${partition}/${offset}`;
    const contextFor = (attempt: number, scope?: InProcessDeliveryAttempt) =>
      new InProcessContext([topic, partition, offset, record.key, attempt, deliveryId, (scope ?? this.attemptFor(logical)).deadLetters]);
    const correlationId = record.headers[BUS_HEADERS.correlationId];
    const replyTopic = record.headers[BUS_HEADERS.replyTopic];
    if (isRequestTopic(logical) && !handler.isEventHandler && correlationId && replyTopic) {
      const answer = await this.delivery.answerRequest(
        { ...message, topic: logical },
        { invoke: (data) => this.invoke(handler, data, contextFor(1)) },
      );
      this.options.bus.publish(replyTopic, {
        key: null,
        value: 'value' in answer ? answer.value : '',
        headers: {
          [BUS_HEADERS.correlationId]: correlationId,
          ...('error' in answer ? { [BUS_HEADERS.error]: JSON.stringify(answer.error) } : {}),
        },
      });
      return true;
    }
    const outcome = await this.delivery.deliverEvent(message, {
      invoke: (data, attempt, scope) => this.invoke(handler, data, contextFor(attempt, scope as InProcessDeliveryAttempt)),
      startAttempt: () => this.attemptFor(logical),
    });
    return outcome !== 'aborted';
  }

  private attemptFor(logicalTopic: string): InProcessDeliveryAttempt {
    return new InProcessDeliveryAttempt(this.options.bus, this.codec, this.options.namespace, logicalTopic);
  }

  /** Nest's processing hooks (used by tracing) wrap every attempt, as in Nest's own servers. */
  private invoke(handler: MessageHandler, data: unknown, context: InProcessContext): Promise<unknown> {
    const hooks = { transportId: this.transportId, start: this.onProcessingStartHook, end: this.onProcessingEndHook };
    return runHandlerWithHooks(hooks, handler, data, context);
  }

  private track(work: Promise<boolean>): Promise<boolean> {
    this.inFlight.add(work);
    return work.finally(() => this.inFlight.delete(work));
  }
}
