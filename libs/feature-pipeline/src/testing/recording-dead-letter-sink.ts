import type { DeadLetter } from '@platform/kafka-events';
import { DeadLetterSink } from '../lib/dead-letter-sink';

/** Keeps what it is sent, for assertions. */
export class RecordingDeadLetterSink implements DeadLetterSink {
  readonly letters: DeadLetter[] = [];

  async send(letters: readonly DeadLetter[]): Promise<void> {
    this.letters.push(...letters);
  }
}
