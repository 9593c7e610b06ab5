/**
 * Base of every error the platform throws on purpose (kafkajs style): a stable `code` from an enum
 * or union beside the subclass, and whether the same call may succeed later. Subclasses carry their
 * context (bucket, topic, field...); the edges translate codes into HTTP statuses or bus retries.
 */
export class PlatformError<Code extends string = string> extends Error {
  constructor(
    message: string,
    readonly code: Code,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}
