import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DATA_STREAMING_TOPIC, EVENT_BUS_OPTIONS, kafkaLogCreator } from '@platform/kafka-events';
import type { ResolvedEventBusOptions } from '@platform/kafka-events';
import { Admin, Kafka } from 'kafkajs';
import { streamProcessorMetrics } from './stream-processor.metrics';

const EVERY_MS = 5000;

/**
 * Consumer lag of the processor's group on `data_streaming` (messages announced but not yet
 * committed), polled from the broker: the group's committed offsets against the partitions' ends.
 * On the in-process bus there is no broker to ask; the gauge stays unset.
 */
@Injectable()
export class ConsumerLagMonitor implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ConsumerLagMonitor.name);
  private admin?: Admin;
  private timer?: NodeJS.Timeout;

  constructor(@Inject(EVENT_BUS_OPTIONS) private readonly options: ResolvedEventBusOptions) {}

  onModuleInit(): void {
    const { config } = this.options;
    if (config.kind !== 'kafka') return;
    this.admin = new Kafka({ clientId: `${this.options.clientId}-lag`, brokers: config.brokers, logCreator: kafkaLogCreator() }).admin();
    this.timer = setInterval(() => void this.measure(), EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.admin?.disconnect().catch(() => undefined);
  }

  /** Sum over partitions of (end offset − committed offset); an uncommitted partition counts from its start. */
  async measure(): Promise<number | undefined> {
    if (!this.admin) return undefined;
    const topic = this.options.namespace.physical(DATA_STREAMING_TOPIC);
    try {
      await this.admin.connect();
      const [ends, [committed]] = await Promise.all([
        this.admin.fetchTopicOffsets(topic),
        this.admin.fetchOffsets({ groupId: this.options.groupId, topics: [topic] }),
      ]);
      // No entry for the topic means the group never committed there: every partition counts from its start.
      const committedBy = new Map((committed?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
      const lag = ends.reduce((total, end) => {
        const done = committedBy.get(end.partition) ?? -1;
        return total + Number(end.high) - (done >= 0 ? done : Number(end.low));
      }, 0);
      streamProcessorMetrics.consumerLag.get().set(lag);
      return lag;
    } catch (error) {
      this.logger.debug(`consumer lag not measured: ${(error as Error).message}`);
      return undefined;
    }
  }
}
