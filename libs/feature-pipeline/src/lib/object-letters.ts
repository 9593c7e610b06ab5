import { PlatformError } from '@platform/common';
import type { DeadLetter, DeadLetterSink } from '@platform/kafka-events';
import { streamProcessorMetrics } from './stream-processor.metrics';

/** Sending a letter failed: the delivery attempt is lost (its transaction), so the bus must retry it whole. */
export class LettersNotSentError extends PlatformError<'DEAD_LETTERS_NOT_SENT'> {
  constructor(cause: unknown) {
    super(`dead letters could not be sent: ${(cause as Error).message}`, 'DEAD_LETTERS_NOT_SENT', true, { cause });
  }
}

/**
 * The dead letters of one object within one delivery attempt. Processing may be redone inside the
 * attempt (a server was away): each record's letter and the object's own letter still go out at
 * most once. Records come in line order, so a high-water line is all there is to remember.
 */
export class ObjectLetters {
  private sentThroughLine = 0;
  private objectLetterSent = false;

  constructor(private readonly sink: DeadLetterSink) {}

  /** Letters of rejected records, in line order. */
  async records(letters: readonly DeadLetter[]): Promise<void> {
    const fresh = letters.filter((letter) => (letter.line ?? 0) > this.sentThroughLine);
    const last = fresh.at(-1);
    if (last === undefined) return;
    await this.send(fresh);
    this.sentThroughLine = last.line ?? this.sentThroughLine;
  }

  /** The object's own letter (refused, unreadable tail, failed): one per object. */
  async object(letter: DeadLetter): Promise<void> {
    if (this.objectLetterSent) return;
    await this.send([letter]);
    this.objectLetterSent = true;
  }

  private async send(letters: readonly DeadLetter[]): Promise<void> {
    try {
      await this.sink.send(letters);
    } catch (error) {
      throw new LettersNotSentError(error);
    }
    streamProcessorMetrics.deadLetters.get().inc(letters.length);
  }
}
