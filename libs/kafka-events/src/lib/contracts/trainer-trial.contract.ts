import { z } from 'zod';
import { entityIdSchema } from './entity-id.schema';
import { defineContract } from './message-contract';

/** Hyperparameter-search trials for a group of trainer workers (DESIGN.md section 12). */
export const TRAINER_TRIALS_TOPIC = 'trainer.trials';
export const TRAINER_TRIAL_SCHEMA_VERSION = 1;

const trainerTrialSchema = z.object({
  schemaVersion: z.literal(TRAINER_TRIAL_SCHEMA_VERSION),
  /** The search (an experiment in the registry) the trial belongs to. */
  studyId: entityIdSchema,
  trialId: entityIdSchema,
  params: z.record(z.string().min(1).max(100), z.union([z.number(), z.string().max(1000), z.boolean()])),
  /** Boosting rounds this trial may use (ASHA rungs raise it). */
  maxRounds: z.number().int().positive().optional(),
  /** Where the worker reads the dataset snapshot, e.g. `s3://storage/datasets/<id>/`. */
  datasetUri: z.string().min(1).max(2000).optional(),
});

export type TrainerTrial = z.output<typeof trainerTrialSchema>;

export const trainerTrialContract = defineContract({
  topic: TRAINER_TRIALS_TOPIC,
  schemaVersion: TRAINER_TRIAL_SCHEMA_VERSION,
  schema: trainerTrialSchema,
  keyOf: (message) => message.trialId,
});
