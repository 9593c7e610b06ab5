import { KafkaContext } from '@nestjs/microservices';
import { EVENT_BUS_CONTEXT } from '../delivery/event-bus-context.marker';

/** Nest's `KafkaContext` (handlers may keep using it), plus the delivery attempt. */
export class EventBusKafkaContext extends KafkaContext {
  readonly [EVENT_BUS_CONTEXT] = true;

  constructor(
    args: ConstructorParameters<typeof KafkaContext>[0],
    private readonly attempt: number,
  ) {
    super(args);
  }

  /** 1 for the first delivery, then 2, 3... while retries last. */
  getAttempt(): number {
    return this.attempt;
  }
}
