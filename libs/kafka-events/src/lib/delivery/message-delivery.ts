import { LoggerService } from '@nestjs/common';
import { abortableDelay, retryWithBackoff } from '@platform/common';
import { DEAD_LETTER_RAW_LIMIT, DEAD_LETTER_SCHEMA_VERSION, DeadLetter, deadLetterTopicFor, isDeadLetterTopic } from '../contracts/dead-letter.contract';
import { DEAD_LETTERED_TOPICS, REPLY_TOPICS, RequestTopic, Topic } from '../contracts/platform-contracts';
import { MessageCodec } from '../codec/message-codec';
import { EventBusErrorCode } from '../errors/event-bus-error-code';
import { MessageValidationError } from '../errors/message-validation.error';
import { DeliveryAttempt } from './delivery-attempt';
import { describeFailure, FailureDescription } from './handler-failure';
import { DeliveryOutcome, InboundMessage, RequestAnswer } from './inbound-message';
import { RetryPolicy } from './retry-policy';

export interface MessageDeliveryDeps {
  codec: MessageCodec;
  retry: RetryPolicy;
  logger: LoggerService;
  /** Aborted when the consumer stops: retries end and the message stays unacknowledged. */
  signal: AbortSignal;
}

export interface HandlerInvocation {
  /** Runs the handler once with the decoded message (the transport wraps Nest's hooks around it). */
  invoke: (data: unknown, attempt: number, scope?: DeliveryAttempt) => Promise<unknown>;
  /** Keeps group membership alive while waiting between attempts (Kafka's heartbeat). */
  keepAlive?: () => Promise<void>;
}

/** Event deliveries also say how an attempt's letters and the message's commit are settled. */
export interface EventInvocation extends HandlerInvocation {
  startAttempt: () => DeliveryAttempt;
}

const KEEP_ALIVE_EVERY_MS = 1000;

/**
 * The keep-alive failed while waiting between attempts: the consumer left the group (a rebalance,
 * a session that timed out), so the partition may already be someone else's. Not the handler's
 * failure: the message must not be dead-lettered, only left unacknowledged for its next owner.
 */
class MembershipLost extends Error {
  constructor(readonly lost: unknown) {
    super(`lost the consumer group membership while waiting to retry: ${(lost as Error)?.message ?? String(lost)}`);
  }
}

/**
 * What happens to one consumed message, the same on every transport: decode it (an invalid one
 * goes to the dead-letter topic at once, no handler sees it), run the handler, retry a failure
 * with backoff up to the budget, then dead-letter it with the reason. Each attempt's own letters
 * are published only when it settles, with the message's commit (`DeliveryAttempt`): a failed
 * attempt's letters never appear. Requests are answered instead: their requester is waiting and
 * owns the decision to try again.
 */
export class MessageDelivery {
  constructor(private readonly deps: MessageDeliveryDeps) {}

  async deliverEvent(message: InboundMessage, handler: EventInvocation): Promise<DeliveryOutcome> {
    const { codec, retry, logger, signal } = this.deps;
    let data: unknown;
    try {
      data = codec.decode(message.topic, message.value);
    } catch (error) {
      if (!(error instanceof MessageValidationError)) throw error;
      logger.warn?.(`${where(message)}: rejected before any handler: ${error.message}`);
      return this.deadLetter(message, handler, describeValidation(error), 0, error);
    }
    if (signal.aborted) return 'aborted';
    let attempts = 0;
    let started = Date.now();
    let succeeded: DeliveryAttempt;
    try {
      succeeded = await retryWithBackoff(
        async (attempt) => {
          attempts = attempt;
          started = Date.now();
          const scope = handler.startAttempt();
          try {
            await handler.invoke(data, attempt, scope);
            return scope;
          } catch (thrown) {
            await scope.abandon();
            throw thrown;
          }
        },
        {
          ...retry,
          retryIf: (thrown) => describeFailure(thrown).retriable,
          signal,
          sleep: (ms) => this.wait(ms, handler.keepAlive),
          onRetry: (thrown, attempt, delay) =>
            logger.warn?.(
              `${where(message)}: attempt ${attempt}/${retry.maxAttempts} failed after ${Date.now() - started} ms: ${describeFailure(thrown).message}; retrying in ${delay} ms`,
            ),
        },
      );
    } catch (thrown) {
      if (thrown instanceof MembershipLost) {
        // The transport's own error goes back to it (kafkajs rejoins the group and fetches the
        // partition again from its committed offset), so the message is handled again, not lost.
        logger.warn?.(`${where(message)}: ${thrown.message}; the message stays unacknowledged`);
        throw thrown.lost;
      }
      const failure = describeFailure(thrown);
      // Stopped while a retry was still due: the message stays unacknowledged for the partition's next owner.
      if (signal.aborted && failure.retriable && attempts < retry.maxAttempts) return 'aborted';
      const why = failure.retriable ? `retry budget of ${retry.maxAttempts} attempts spent` : 'not retriable';
      logger.error(`${where(message)}: attempt ${attempts} failed after ${Date.now() - started} ms (${why}): ${failure.message}`);
      return this.deadLetter(message, handler, failure, attempts);
    }
    // Stopping after the handler finished still settles: its work and letters are done.
    await succeeded.settle();
    return 'handled';
  }

  async answerRequest(message: InboundMessage & { topic: RequestTopic }, handler: HandlerInvocation): Promise<RequestAnswer> {
    const { codec, logger } = this.deps;
    let data: unknown;
    try {
      data = codec.decode(message.topic, message.value);
    } catch (error) {
      if (!(error instanceof MessageValidationError)) throw error;
      logger.warn?.(`${where(message)}: request rejected: ${error.message}`);
      return { error: { status: 'error', message: error.message, code: error.code, retriable: false, field: error.field, rule: error.rule } };
    }
    let result: unknown;
    const started = Date.now();
    try {
      result = await handler.invoke(data, 1);
    } catch (thrown) {
      const failure = describeFailure(thrown);
      logger.error(`${where(message)}: request handler failed after ${Date.now() - started} ms: ${failure.message}`);
      return {
        error: {
          status: 'error',
          message: failure.expose ? failure.message : 'the handler failed (see the responder logs)',
          code: failure.code ?? EventBusErrorCode.HandlerFailed,
          retriable: failure.retriable,
        },
      };
    }
    try {
      return { value: codec.encode(REPLY_TOPICS[message.topic], result).value };
    } catch (error) {
      if (!(error instanceof MessageValidationError)) throw error;
      logger.error(`${where(message)}: the handler's reply breaks its contract: ${error.message}`);
      return { error: { status: 'error', message: error.message, code: error.code, retriable: false, field: error.field, rule: error.rule } };
    }
  }

  private async deadLetter(
    message: InboundMessage,
    handler: EventInvocation,
    failure: FailureDescription & { field?: string; rule?: string; value?: unknown },
    attempts: number,
    cause?: unknown,
  ): Promise<DeliveryOutcome> {
    if (isDeadLetterTopic(message.topic) || !DEAD_LETTERED_TOPICS.includes(message.topic as Topic)) {
      // A dead letter that cannot be handled (or a topic without a DLQ) has nowhere further to go:
      // say so loudly and move on rather than block the partition for ever.
      this.deps.logger.error(`${where(message)}: dropping a message that has no dead-letter topic: ${failure.message}`);
      await handler.startAttempt().settle();
      return 'dropped';
    }
    const raw = message.value === null ? undefined : typeof message.value === 'string' ? message.value : message.value.toString('utf8');
    const letter: DeadLetter = {
      schemaVersion: DEAD_LETTER_SCHEMA_VERSION,
      reason: (attempts > 0 ? `handler failed on attempt ${attempts}: ${failure.message}` : failure.message).slice(0, 4000),
      ...(failure.field !== undefined ? { field: failure.field } : {}),
      ...(failure.rule !== undefined ? { rule: failure.rule } : {}),
      ...(failure.value !== undefined ? { value: failure.value } : {}),
      ...(failure.code !== undefined ? { code: failure.code } : {}),
      source: { topic: message.topic, partition: message.partition, offset: message.offset, key: message.key },
      ...(raw !== undefined && raw !== '' ? { raw: raw.slice(0, DEAD_LETTER_RAW_LIMIT) } : {}),
      attempts,
      at: new Date().toISOString(),
    };
    const topic = deadLetterTopicFor(message.topic);
    const scope = handler.startAttempt();
    try {
      await scope.settle(letter);
    } catch (error) {
      await scope.abandon();
      throw new Error(`${where(message)}: could not send the dead letter to ${topic}: ${(error as Error).message}`, {
        cause: cause ?? error,
      });
    }
    return 'dead-lettered';
  }

  /** Waits between attempts, heart-beating so that a long backoff does not cost the partition. */
  private async wait(ms: number, keepAlive?: () => Promise<void>): Promise<boolean> {
    let remaining = ms;
    while (remaining > 0) {
      const slice = Math.min(remaining, KEEP_ALIVE_EVERY_MS);
      if (!(await abortableDelay(slice, this.deps.signal))) return false;
      remaining -= slice;
      try {
        await keepAlive?.();
      } catch (error) {
        throw new MembershipLost(error);
      }
    }
    return !this.deps.signal.aborted;
  }
}

function describeValidation(error: MessageValidationError): FailureDescription & { field: string; rule: string; value?: unknown } {
  return {
    message: error.message,
    code: error.code,
    retriable: false,
    expose: true,
    field: error.field,
    rule: error.rule,
    ...(error.value !== undefined ? { value: error.value } : {}),
  };
}

function where(message: InboundMessage): string {
  return `${message.topic}[${message.partition}]@${message.offset}`;
}
