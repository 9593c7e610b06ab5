import { z } from 'zod';
import { entityIdSchema, instantSchema } from './entity-id.schema';
import { defineContract } from './message-contract';

/** Work for the trainer (DESIGN.md section 7). */
export const TRAINER_REQUESTS_TOPIC = 'trainer.requests';
const TRAINER_REQUEST_SCHEMA_VERSION = 1;

const TRAINER_COMMANDS = ['build-dataset', 'tune', 'train', 'evaluate', 'promote'] as const;

const paramValueSchema = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);

const trainerRequestSchema = z.object({
  schemaVersion: z.literal(TRAINER_REQUEST_SCHEMA_VERSION),
  command: z.enum(TRAINER_COMMANDS),
  params: z.record(z.string().min(1).max(100), paramValueSchema).optional(),
  /** Lets the trainer ignore a request it already ran (messages may be delivered twice). */
  requestId: entityIdSchema.optional(),
  requestedAt: instantSchema.optional(),
});

export type TrainerRequest = z.output<typeof trainerRequestSchema>;

export const trainerRequestContract = defineContract({
  topic: TRAINER_REQUESTS_TOPIC,
  schemaVersion: TRAINER_REQUEST_SCHEMA_VERSION,
  schema: trainerRequestSchema,
  keyOf: (message) => message.requestId,
});
