import { KafkaRetriableException, RpcException } from '@nestjs/microservices';
import { classifyFailure } from '@platform/common';

/**
 * Carries a handler's own error through Nest's RPC exception filter, which would otherwise replace
 * it with "Internal server error": the bus needs its message, code and `retriable` flag to decide
 * between retrying and dead-lettering. Like `KafkaRetriableException`, `getError()` returns itself.
 */
export class HandlerFailure extends RpcException {
  constructor(readonly original: unknown) {
    super(original instanceof Error ? original.message : 'handler failed');
  }

  override getError(): object {
    return this;
  }
}

export interface FailureDescription {
  message: string;
  code?: string;
  /** As `classifyFailure` says: false only when the error says so, by default a failure may pass. */
  retriable: boolean;
  /** Whether the message may be shown to a requester (house errors and RpcExceptions, not crashes). */
  expose: boolean;
}

export function describeFailure(thrown: unknown): FailureDescription {
  const error = thrown instanceof HandlerFailure ? thrown.original : thrown;
  if (error instanceof KafkaRetriableException) return { message: error.message, retriable: true, expose: true };
  if (error instanceof RpcException) {
    const payload = error.getError();
    if (typeof payload === 'string') return { message: payload, retriable: classifyFailure(payload).retriable, expose: true };
    return { ...describeObject(payload), expose: true };
  }
  if (error instanceof Error) {
    const described = describeObject(error);
    return { ...described, expose: described.code !== undefined };
  }
  if (typeof error === 'object' && error !== null) return { ...describeObject(error), expose: true };
  return { message: String(error), retriable: classifyFailure(error).retriable, expose: false };
}

function describeObject(value: object): Omit<FailureDescription, 'expose'> {
  const fields = value as { message?: unknown; code?: unknown };
  return {
    message: typeof fields.message === 'string' ? fields.message : safeJson(value),
    ...(typeof fields.code === 'string' ? { code: fields.code } : {}),
    retriable: classifyFailure(value).retriable,
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
