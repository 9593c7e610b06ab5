import type { DeadLetter } from '../contracts/dead-letter.contract';

/** Where the dead letters of one delivery go (`<topic>.dlq` of the topic being consumed). */
export interface DeadLetterSink {
  send(letters: readonly DeadLetter[]): Promise<void>;
}
