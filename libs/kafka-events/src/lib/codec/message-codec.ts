import { contractFor, MessageOf, ReceivedMessageOf, Topic } from '../contracts/platform-contracts';
import { MessageIssue, MessageValidationError } from '../errors/message-validation.error';
import { toMessageIssues } from './zod-issues';

/** Kafka's default `message.max.bytes` is about 1 MB: refuse bigger messages on both ends. */
export const MAX_MESSAGE_BYTES = 1_000_000;

export interface EncodedMessage {
  /** JSON text, validated against the topic's contract. */
  value: string;
  /** The contract's key for this message, if it defines one. */
  key: string | null;
}

/**
 * The one way messages become bytes and bytes become messages, on every transport: Kafka and the
 * in-process bus both go through it, so a message that one accepts the other accepts too.
 * Handlers only ever see `decode`'s output: validated, never `any`, never half-parsed.
 */
export class MessageCodec {
  encode<T extends Topic>(topic: T, message: MessageOf<T>): EncodedMessage;
  encode(topic: string, message: unknown): EncodedMessage;
  encode(topic: string, message: unknown): EncodedMessage {
    const contract = contractFor(topic);
    const parsed = contract.schema.safeParse(message, { reportInput: true });
    if (!parsed.success) throw new MessageValidationError(topic, toMessageIssues(parsed.error.issues));
    let value: string | undefined;
    try {
      // The input form goes on the wire (the output may be normalised, e.g. decoded S3 keys).
      value = JSON.stringify(message);
    } catch (error) {
      throw invalid(topic, { field: '', rule: 'json', message: `not serialisable as JSON: ${(error as Error).message}` });
    }
    if (value === undefined) throw invalid(topic, { field: '', rule: 'json', message: 'not serialisable as JSON' });
    checkSize(topic, Buffer.byteLength(value));
    return { value, key: contract.keyOf?.(parsed.data) ?? null };
  }

  decode<T extends Topic>(topic: T, raw: Buffer | string | null | undefined): ReceivedMessageOf<T>;
  decode(topic: string, raw: Buffer | string | null | undefined): unknown;
  decode(topic: string, raw: Buffer | string | null | undefined): unknown {
    const contract = contractFor(topic);
    if (raw === null || raw === undefined || raw.length === 0) {
      throw invalid(topic, { field: '', rule: 'empty', message: 'the message has no value' });
    }
    checkSize(topic, typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length);
    let json: unknown;
    try {
      json = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
    } catch (error) {
      throw invalid(topic, { field: '', rule: 'json', message: `not JSON: ${(error as Error).message}` });
    }
    const parsed = contract.schema.safeParse(json, { reportInput: true });
    if (!parsed.success) throw new MessageValidationError(topic, toMessageIssues(parsed.error.issues));
    return parsed.data;
  }
}

function checkSize(topic: string, bytes: number): void {
  if (bytes > MAX_MESSAGE_BYTES) {
    throw invalid(topic, { field: '', rule: 'max_bytes', message: `${bytes} bytes, more than ${MAX_MESSAGE_BYTES}` });
  }
}

function invalid(topic: string, issue: MessageIssue): MessageValidationError {
  return new MessageValidationError(topic, [issue]);
}

const codec = new MessageCodec();

/** Validates `message` against `topic`'s contract and serialises it; throws `MessageValidationError`. */
export function encodeMessage<T extends Topic>(topic: T, message: MessageOf<T>): EncodedMessage {
  return codec.encode(topic, message);
}

/** Parses and validates raw bytes from `topic`; throws `MessageValidationError` naming field and rule. */
export function decodeMessage<T extends Topic>(topic: T, raw: Buffer | string | null | undefined): ReceivedMessageOf<T> {
  return codec.decode(topic, raw);
}
