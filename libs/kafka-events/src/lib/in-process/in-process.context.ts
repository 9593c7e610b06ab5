import { BaseRpcContext } from '@nestjs/microservices';
import { EVENT_BUS_CONTEXT } from '../delivery/event-bus-context.marker';

type InProcessContextArgs = [topic: string, partition: number, offset: string, key: string | null, attempt: number];

/** `@Ctx()` of handlers on the in-process bus: the same facts a `KafkaContext` gives. */
export class InProcessContext extends BaseRpcContext<InProcessContextArgs> {
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

  /** 1 for the first delivery, then 2, 3... while retries last. */
  getAttempt(): number {
    return this.args[4];
  }
}
