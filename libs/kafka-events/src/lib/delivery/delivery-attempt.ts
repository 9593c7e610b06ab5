import type { DeadLetter } from '../contracts/dead-letter.contract';
import type { DeadLetterSink } from './dead-letter-sink';

/**
 * One attempt at handling a message (DESIGN.md section 13). Letters sent through `deadLetters` are
 * published only when the attempt settles, together with the message's offset: a failed attempt,
 * a retry or a crash before `settle` publishes none of them, so each letter appears once per final
 * outcome. On Kafka that is a transaction (letters and offset commit atomically, readers use
 * read_committed); on the in-process bus, a buffer.
 */
export interface DeliveryAttempt {
  readonly deadLetters: DeadLetterSink;
  /** Publishes the attempt's letters, plus the bus's own `letter` when given, and commits the message. */
  settle(letter?: DeadLetter): Promise<void>;
  /** Drops the attempt's letters; the message stays uncommitted. */
  abandon(): Promise<void>;
}

/** The delivery facts both transports' `@Ctx()` objects offer a handler. */
export interface EventBusDelivery {
  /** `<topic>/<partition>/<offset>` (with a process id on the in-process bus): the same for every redelivery of this message, never for another. */
  deliveryId(): string;
  /** 1 for the first delivery, then 2, 3... while retries last. */
  getAttempt(): number;
  /** The dead letters of this attempt (see `DeliveryAttempt`). */
  deadLetters(): DeadLetterSink;
}
