import { Injectable } from '@nestjs/common';
import { DATA_STREAMING_DLQ_TOPIC, DeadLetter, EventPublisher } from '@platform/kafka-events';
import { DeadLetterSink } from './dead-letter-sink';
import { streamProcessorMetrics } from './stream-processor.metrics';

/** Publishes dead letters on `data_streaming.dlq`, keyed by their object so one object's letters stay in order. */
@Injectable()
export class BusDeadLetterSink implements DeadLetterSink {
  constructor(private readonly publisher: EventPublisher) {}

  async send(letters: readonly DeadLetter[]): Promise<void> {
    await Promise.all(letters.map((letter) => this.publisher.publish(DATA_STREAMING_DLQ_TOPIC, letter)));
    streamProcessorMetrics.deadLetters.get().inc(letters.length);
  }
}
