import { EventBusError } from './event-bus.error';
import { EventBusErrorCode } from './event-bus-error-code';

/** A topic without a contract in this library: nothing can be validated, so nothing is sent. */
export class UnknownTopicError extends EventBusError {
  constructor(readonly topic: string) {
    super(
      `no message contract for topic "${topic}" (contracts live in libs/kafka-events, DESIGN.md section 9)`,
      EventBusErrorCode.UnknownTopic,
      false,
    );
  }
}
