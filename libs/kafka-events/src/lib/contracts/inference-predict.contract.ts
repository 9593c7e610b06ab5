import { z } from 'zod';
import { entityIdSchema } from './entity-id.schema';
import { defineContract } from './message-contract';

/** Predictions over Kafka, request-reply (DESIGN.md section 8). */
export const INFERENCE_PREDICT_TOPIC = 'inference.predict';
/** Nest's Kafka request-reply convention: replies go to `<request topic>.reply`. */
export const INFERENCE_PREDICT_REPLY_TOPIC = 'inference.predict.reply';
const INFERENCE_PREDICT_SCHEMA_VERSION = 1;

/** One Kafka message must stay well under the broker's 1 MB limit. */
const MAX_PREDICT_ITEMS = 1000;

// schemaVersion is optional here: the body is the same as POST /predict's, which clients write by hand.
const schemaVersionSchema = z.literal(INFERENCE_PREDICT_SCHEMA_VERSION).optional();

const predictRequestSchema = z.object({
  schemaVersion: schemaVersionSchema,
  items: z
    .array(
      z.object({
        user_id: entityIdSchema,
        product_id: entityIdSchema,
        /** Omitted: the user's latest session. */
        user_session: entityIdSchema.optional(),
      }),
    )
    .min(1)
    .max(MAX_PREDICT_ITEMS),
});

/** The same answer as `POST /predict`'s, item for item. */
const predictReplySchema = z.object({
  schemaVersion: schemaVersionSchema,
  predictions: z
    .array(
      z.object({
        user_id: entityIdSchema,
        product_id: entityIdSchema,
        /** The session the features came from; null when the user has none. */
        user_session: entityIdSchema.nullable(),
        /** Null when the online store knows none of the item's entities (`features: missing`). */
        probability: z.number().min(0).max(1).nullable(),
        /** found: every entity known; partial: some; missing: none (no probability). */
        features: z.enum(['found', 'partial', 'missing']),
        model: z.string().min(1).max(128),
        version: z.number().int().positive(),
      }),
    )
    .max(MAX_PREDICT_ITEMS),
});

export type PredictRequest = z.output<typeof predictRequestSchema>;
export type PredictReply = z.output<typeof predictReplySchema>;

export const predictRequestContract = defineContract({
  topic: INFERENCE_PREDICT_TOPIC,
  schemaVersion: INFERENCE_PREDICT_SCHEMA_VERSION,
  schema: predictRequestSchema,
});

export const predictReplyContract = defineContract({
  topic: INFERENCE_PREDICT_REPLY_TOPIC,
  schemaVersion: INFERENCE_PREDICT_SCHEMA_VERSION,
  schema: predictReplySchema,
});
