import { z } from 'zod';
import { instantSchema } from './entity-id.schema';
import { defineContract } from './message-contract';

/** A model version took an alias (e.g. `champion`): inference swaps models (DESIGN.md section 8). */
export const MODEL_PROMOTED_TOPIC = 'model.promoted';
export const MODEL_PROMOTED_SCHEMA_VERSION = 1;

const nameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'expected a model name');

const modelPromotedSchema = z.object({
  schemaVersion: z.literal(MODEL_PROMOTED_SCHEMA_VERSION),
  model: nameSchema,
  version: z.number().int().positive(),
  alias: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'expected a lower-case alias such as "champion"'),
  /** Where the artifacts are, e.g. `s3://storage/models/<name>/<version>/`. */
  artifactUri: z.string().regex(/^[a-z][a-z0-9+.-]*:\/\/\S+$/, 'expected a URI such as s3://storage/models/...'),
  metrics: z.record(z.string().min(1), z.number()),
  promotedAt: instantSchema,
});

export type ModelPromoted = z.output<typeof modelPromotedSchema>;

export const modelPromotedContract = defineContract({
  topic: MODEL_PROMOTED_TOPIC,
  schemaVersion: MODEL_PROMOTED_SCHEMA_VERSION,
  schema: modelPromotedSchema,
  keyOf: (message) => message.model,
});
