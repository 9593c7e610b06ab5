import { KafkaContext } from '@nestjs/microservices';
import type { DeadLetterSink } from '../delivery/dead-letter-sink';
import type { EventBusDelivery } from '../delivery/delivery-attempt';
import { EVENT_BUS_CONTEXT } from '../delivery/event-bus-context.marker';

/** Nest's `KafkaContext` (handlers may keep using it), plus the delivery attempt and its dead letters. */
export class EventBusKafkaContext extends KafkaContext implements EventBusDelivery {
  readonly [EVENT_BUS_CONTEXT] = true;

  constructor(
    args: ConstructorParameters<typeof KafkaContext>[0],
    private readonly attempt: number,
    private readonly letters: DeadLetterSink,
  ) {
    super(args);
  }

  getAttempt(): number {
    return this.attempt;
  }

  deliveryId(): string {
    return `${this.getTopic()}/${this.getPartition()}/${this.getMessage().offset}`;
  }

  deadLetters(): DeadLetterSink {
    return this.letters;
  }
}
