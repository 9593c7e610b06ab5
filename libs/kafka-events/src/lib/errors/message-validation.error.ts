import { EventBusError } from './event-bus.error';
import { EventBusErrorCode } from './event-bus-error-code';

export interface MessageIssue {
  /** Dotted path with indices, e.g. `Records[0].s3.object.key`; empty for the whole message. */
  field: string;
  /** What was broken: a zod issue code (`invalid_type`, `too_small`...) or ours (`json`, `unsafe_integer`...). */
  rule: string;
  message: string;
  /** The offending value, when it is small enough to quote. */
  value?: unknown;
}

/**
 * A message that does not match its topic's contract, on produce or on consume. Never retriable:
 * the same bytes fail the same way. `field`/`rule` describe the first issue; `issues` has them all.
 */
export class MessageValidationError extends EventBusError {
  readonly field: string;
  readonly rule: string;
  readonly value?: unknown;

  constructor(
    readonly topic: string,
    readonly issues: [MessageIssue, ...MessageIssue[]],
  ) {
    const [first] = issues;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super(
      `invalid message on topic "${topic}": ${first.field || '(message)'}: ${first.message} [rule: ${first.rule}]${more}`,
      EventBusErrorCode.InvalidMessage,
      false,
    );
    this.field = first.field;
    this.rule = first.rule;
    if ('value' in first) this.value = first.value;
  }
}
