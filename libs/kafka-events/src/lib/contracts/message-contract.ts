import type { z } from 'zod';

/**
 * One topic's contract (STYLE.md habit 2): its name, the version of its schema and the schema that
 * validates a message on produce and on consume. The schema's input is what producers write
 * (JSON-safe), its output is what handlers receive (possibly normalised, e.g. decoded S3 keys).
 */
export interface MessageContract<S extends z.ZodType = z.ZodType> {
  readonly topic: string;
  readonly schemaVersion: number;
  readonly schema: S;
  /** The Kafka message key, so that messages about one thing stay in order on one partition. */
  readonly keyOf?: (message: z.output<S>) => string | undefined;
}

export function defineContract<S extends z.ZodType>(contract: MessageContract<S>): MessageContract<S> {
  return contract;
}
