import { ClientProxy, ReadPacket, WritePacket } from '@nestjs/microservices';
import { NoConsumerError } from '../errors/request-failed.error';
import { BusEnvelope } from '../module/bus-envelope';
import { BusRecord, InProcessBus } from './in-process.bus';
import { BUS_HEADERS } from './in-process.headers';

/**
 * The `ClientProxy` of the in-process bus: `emit` publishes, `send` publishes a request and waits
 * for the reply on `<topic>.reply`, with Nest's Kafka headers, as `ClientKafka` does.
 */
export class InProcessClient extends ClientProxy {
  private readonly replyListeners = new Map<string, () => void>();

  constructor(private readonly bus: InProcessBus) {
    super();
  }

  async connect(): Promise<InProcessBus> {
    return this.bus;
  }

  async close(): Promise<void> {
    for (const stop of this.replyListeners.values()) stop();
    this.replyListeners.clear();
    for (const callback of this.routingMap.values()) callback({ err: 'the event bus client closed' });
    this.routingMap.clear();
  }

  unwrap<T>(): T {
    return this.bus as T;
  }

  protected async dispatchEvent<T = void>(packet: ReadPacket<BusEnvelope>): Promise<T> {
    this.bus.publish(this.normalizePattern(packet.pattern), toRecord(packet.data));
    return undefined as T;
  }

  protected publish(partialPacket: ReadPacket<BusEnvelope>, callback: (packet: WritePacket) => void): () => void {
    const packet = this.assignPacketId(partialPacket);
    const topic = this.normalizePattern(packet.pattern);
    if (!this.bus.hasConsumers(topic)) {
      callback({ err: JSON.stringify({ status: 'error', message: new NoConsumerError(topic).message, code: 'NO_CONSUMER', retriable: true }) });
      return () => undefined;
    }
    const replyTopic = `${topic}.reply`;
    this.listenForReplies(replyTopic);
    this.routingMap.set(packet.id, callback);
    const record = toRecord(packet.data);
    this.bus.publish(topic, {
      ...record,
      headers: { ...record.headers, [BUS_HEADERS.correlationId]: packet.id, [BUS_HEADERS.replyTopic]: replyTopic },
    });
    return () => this.routingMap.delete(packet.id);
  }

  private listenForReplies(replyTopic: string): void {
    if (this.replyListeners.has(replyTopic)) return;
    const stop = this.bus.listen(replyTopic, (record) => {
      const callback = this.routingMap.get(record.headers[BUS_HEADERS.correlationId] ?? '');
      if (!callback) return;
      const err = record.headers[BUS_HEADERS.error];
      callback(err !== undefined ? { err, isDisposed: true } : { response: record.value, isDisposed: true });
    });
    this.replyListeners.set(replyTopic, stop);
  }
}

function toRecord(envelope: BusEnvelope): BusRecord {
  return { key: envelope.key, value: envelope.value, headers: { ...(envelope.headers ?? {}) } };
}
