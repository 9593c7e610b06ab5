import { z } from 'zod';
import { entityIdSchema } from './entity-id.schema';
import { defineContract } from './message-contract';

/** Hyperparameter-search trials for a group of trainer workers (DESIGN.md section 12). */
export const TRAINER_TRIALS_TOPIC = 'trainer.trials';
const TRAINER_TRIAL_SCHEMA_VERSION = 1;

/**
 * One segment of a trial: train from round `fromRound` (the model the same trial's previous
 * segment left in the study's folder) to `maxRounds`. Data, checkpoints and results travel
 * through the `storage` bucket, never in the message.
 */
const trainerTrialSchema = z
  .object({
    schemaVersion: z.literal(TRAINER_TRIAL_SCHEMA_VERSION),
    /** The search (the training run in the registry) the trial belongs to. */
    studyId: entityIdSchema,
    trialId: entityIdSchema,
    params: z.record(z.string().min(1).max(100), z.union([z.number(), z.string().max(1000), z.boolean()])),
    /** Rounds already trained (the segment continues that checkpoint); 0 starts the trial. */
    fromRound: z.number().int().min(0).default(0),
    /** Boosting rounds this trial may use (ASHA rungs raise it): the segment ends there. */
    maxRounds: z.number().int().positive().optional(),
    /** Validation metrics per round; the first is the search objective. */
    metrics: z.array(z.enum(['auc', 'logloss'])).min(1).max(2).default(['auc']),
    /** Where the worker reads the dataset snapshot, e.g. `s3://storage/searches/<studyId>/`. */
    datasetUri: z.string().min(1).max(2000).optional(),
  })
  .refine((trial) => trial.maxRounds === undefined || trial.maxRounds > trial.fromRound, {
    path: ['maxRounds'],
    message: 'expected more rounds than fromRound',
  });

export type TrainerTrial = z.output<typeof trainerTrialSchema>;

export const trainerTrialContract = defineContract({
  topic: TRAINER_TRIALS_TOPIC,
  schemaVersion: TRAINER_TRIAL_SCHEMA_VERSION,
  schema: trainerTrialSchema,
  keyOf: (message) => message.trialId,
});
