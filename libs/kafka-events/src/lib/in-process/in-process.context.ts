import { BaseRpcContext } from '@nestjs/microservices';
import type { DeadLetterSink } from '../delivery/dead-letter-sink';
import type { EventBusDelivery } from '../delivery/delivery-attempt';
import { EVENT_BUS_CONTEXT } from '../delivery/event-bus-context.marker';

type InProcessContextArgs = [topic: string, partition: number, offset: string, key: string | null, attempt: number, deliveryId: string, deadLetters: DeadLetterSink];

/** `@Ctx()` of handlers on the in-process bus: the same facts a `KafkaContext` gives. */
export class InProcessContext extends BaseRpcContext<InProcessContextArgs> implements EventBusDelivery {
  readonly [EVENT_BUS_CONTEXT] = true;

  /** The topic as on the bus (with the deployment's prefix, like `KafkaContext.getTopic()`). */
  getTopic(): string {
    return this.args[0];
  }

  getPartition(): number {
    return this.args[1];
  }

  getOffset(): string {
    return this.args[2];
  }

  getKey(): string | null {
    return this.args[3];
  }

  getAttempt(): number {
    return this.args[4];
  }

  deliveryId(): string {
    return this.args[5];
  }

  deadLetters(): DeadLetterSink {
    return this.args[6];
  }
}
