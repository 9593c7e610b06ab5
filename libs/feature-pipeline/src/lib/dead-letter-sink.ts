import type { DeadLetter } from '@platform/kafka-events';

/** Where rejected records and unreadable objects go (`data_streaming.dlq`). */
export interface DeadLetterSink {
  send(letters: readonly DeadLetter[]): Promise<void>;
}

export const DEAD_LETTER_SINK = Symbol('DEAD_LETTER_SINK');
