import { z } from 'zod';
import { instantSchema } from './entity-id.schema';
import { defineContract } from './message-contract';

/** Rejected records with their reasons (DESIGN.md sections 5 and 9). */
export const DATA_STREAMING_DLQ_TOPIC = 'data_streaming.dlq';
export const DEAD_LETTER_SCHEMA_VERSION = 1;

const DLQ_SUFFIX = '.dlq';

/** Where the messages of `topic` go when they cannot be handled: `<topic>.dlq`. */
export function deadLetterTopicFor(topic: string): string {
  return `${topic}${DLQ_SUFFIX}`;
}

export function isDeadLetterTopic(topic: string): boolean {
  return topic.endsWith(DLQ_SUFFIX);
}

/** Largest `raw` kept in a dead letter, so that the DLQ stays readable and under Kafka's 1 MB. */
export const DEAD_LETTER_RAW_LIMIT = 64 * 1024;

const lakeSourceSchema = z.object({
  bucket: z.string().min(1),
  key: z.string().min(1),
  eTag: z.string().optional(),
});

/** A bus message that could not be handled (invalid, or its handler failed every attempt). */
const messageSourceSchema = z.object({
  topic: z.string().min(1),
  partition: z.number().int().nonnegative().optional(),
  offset: z.string().regex(/^\d+$/).optional(),
  key: z.string().nullable().optional(),
});

const deadLetterSchema = z.object({
  schemaVersion: z.literal(DEAD_LETTER_SCHEMA_VERSION),
  reason: z.string().min(1).max(4000),
  field: z.string().max(1000).optional(),
  value: z.unknown().optional(),
  rule: z.string().max(200).optional(),
  /** An object in the lake (a rejected record, with `line`) or a message on the bus. */
  source: z.union([lakeSourceSchema, messageSourceSchema]),
  line: z.number().int().positive().optional(),
  raw: z.string().max(DEAD_LETTER_RAW_LIMIT).optional(),
  /** Error code of the failure, when it had one. */
  code: z.string().max(200).optional(),
  /** Handler attempts made before giving up (0: rejected before any handler saw it). */
  attempts: z.number().int().nonnegative().optional(),
  at: instantSchema,
});

export type DeadLetter = z.input<typeof deadLetterSchema>;

export const deadLetterContract = defineContract({
  topic: DATA_STREAMING_DLQ_TOPIC,
  schemaVersion: DEAD_LETTER_SCHEMA_VERSION,
  schema: deadLetterSchema,
  // One object's letters, or one original key's, stay in order on one partition.
  keyOf: (record) => ('bucket' in record.source ? `${record.source.bucket}/${record.source.key}` : (record.source.key ?? undefined)),
});
