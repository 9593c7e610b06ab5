import { EventBusErrorCode } from './event-bus-error-code';

/**
 * Base of every event-bus error (kafkajs style): a code from an enum and whether trying again may
 * succeed. Subclasses carry their context (topic, field, rule...).
 */
export class EventBusError extends Error {
  constructor(
    message: string,
    readonly code: EventBusErrorCode,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}
