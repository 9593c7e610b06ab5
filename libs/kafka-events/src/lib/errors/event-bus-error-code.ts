/** Every error of the event bus carries one of these codes (the edges map them to HTTP or retries). */
export enum EventBusErrorCode {
  InvalidMessage = 'INVALID_MESSAGE',
  UnknownTopic = 'UNKNOWN_TOPIC',
  NoConsumer = 'NO_CONSUMER',
  RequestTimeout = 'REQUEST_TIMEOUT',
  RemoteError = 'REMOTE_ERROR',
  HandlerFailed = 'HANDLER_FAILED',
  NotRequestTopic = 'NOT_REQUEST_TOPIC',
}
