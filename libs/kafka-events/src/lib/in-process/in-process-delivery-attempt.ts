import { MessageCodec } from '../codec/message-codec';
import { DeadLetter, deadLetterTopicFor } from '../contracts/dead-letter.contract';
import { DeliveryAttempt } from '../delivery/delivery-attempt';
import { DeadLetterSink } from '../delivery/dead-letter-sink';
import { TopicNamespace } from '../module/topic-namespace';
import { InProcessBus } from './in-process.bus';

/**
 * `DeliveryAttempt` on the in-process bus: letters wait in memory and are published when the
 * attempt settles (the bus commits by settling the message itself). Encoded as they are sent, so
 * a letter that breaks its contract fails the attempt that sent it.
 */
export class InProcessDeliveryAttempt implements DeliveryAttempt {
  readonly deadLetters: DeadLetterSink = { send: async (letters) => this.hold(letters) };
  private held: { key: string | null; value: string }[] = [];

  constructor(
    private readonly bus: InProcessBus,
    private readonly codec: MessageCodec,
    private readonly namespace: TopicNamespace,
    private readonly logicalTopic: string,
  ) {}

  async settle(letter?: DeadLetter): Promise<void> {
    if (letter) this.hold([letter]);
    const topic = this.namespace.physical(deadLetterTopicFor(this.logicalTopic));
    for (const { key, value } of this.held.splice(0)) this.bus.publish(topic, { key, value, headers: {} });
  }

  async abandon(): Promise<void> {
    this.held = [];
  }

  private hold(letters: readonly DeadLetter[]): void {
    const dlq = deadLetterTopicFor(this.logicalTopic);
    for (const letter of letters) {
      const { key, value } = this.codec.encode(dlq, letter);
      this.held.push({ key, value });
    }
  }
}
