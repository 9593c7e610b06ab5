import { EventBusError } from './event-bus.error';
import { EventBusErrorCode } from './event-bus-error-code';

/** A request-reply call that got no answer in time. Retriable: the responder may just be slow. */
export class RequestTimeoutError extends EventBusError {
  constructor(
    readonly topic: string,
    readonly timeoutMs: number,
  ) {
    super(`no reply on "${topic}" within ${timeoutMs} ms`, EventBusErrorCode.RequestTimeout, true);
  }
}

/** The responder answered with an error; `remoteCode` is its code when it sent one. */
export class RemoteHandlerError extends EventBusError {
  constructor(
    readonly topic: string,
    message: string,
    readonly remoteCode: string | undefined,
    retriable: boolean,
  ) {
    super(`request on "${topic}" failed: ${message}`, EventBusErrorCode.RemoteError, retriable);
  }
}

/** In-process only: nobody in this process consumes the topic, so a request could never be answered. */
export class NoConsumerError extends EventBusError {
  constructor(readonly topic: string) {
    super(`no consumer subscribed to "${topic}" in this process`, EventBusErrorCode.NoConsumer, true);
  }
}

/** `request()` on a topic that is not request-reply, or that this app did not declare. */
export class NotRequestTopicError extends EventBusError {
  constructor(
    readonly topic: string,
    reason: string,
  ) {
    super(`cannot send a request on "${topic}": ${reason}`, EventBusErrorCode.NotRequestTopic, false);
  }
}
