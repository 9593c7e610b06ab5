import type { DeadLetter, DeadLetterSink } from '@platform/kafka-events';

/** Keeps what it is sent, for assertions. */
export class RecordingDeadLetterSink implements DeadLetterSink {
  readonly letters: DeadLetter[] = [];

  async send(letters: readonly DeadLetter[]): Promise<void> {
    this.letters.push(...letters);
  }
}
