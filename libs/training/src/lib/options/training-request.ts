import { EXAMPLE_MODES } from '@platform/features';
import { z } from 'zod';
import { parseDurationMs } from './duration.util';
import { parseWithFieldError } from './parse-with-field-error.util';

const DEFAULT_MODEL_NAME = 'purchase-propensity';

const isoInstant = z.string().datetime({ offset: true, message: 'expected an ISO 8601 instant, e.g. 2019-11-01T00:00:00Z' });
const count = (min: number, max: number) =>
  z.number({ error: `expected a whole number from ${min} to ${max}` }).int(`expected a whole number from ${min} to ${max}`).min(min, `expected at least ${min}`).max(max, `expected at most ${max}`);

/**
 * What one training does, as a client writes it (REST body, Kafka `trainer.requests` params, CLI
 * flags). Every field has a default; unknown fields are refused by name.
 */
export const trainingRequestSchema = z
  .strictObject({
    /** The registered model's name. */
    model: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'expected a model name: letters, digits, ".", "_" or "-"').default(DEFAULT_MODEL_NAME),
    /** Event-time range of the clean events used (from inclusive, to exclusive); open by default. */
    from: isoInstant.optional(),
    to: isoInstant.optional(),
    /** `first-view` (one example per first view of a product in a session) or `cart`. */
    exampleMode: z.enum(EXAMPLE_MODES as [string, ...string[]], { error: `expected one of ${EXAMPLE_MODES.join(', ')}` }).default('first-view'),
    /** Keep about this many examples (drawn by event id), to bound time and memory. */
    maxExamples: count(1_000, 100_000_000).optional(),
    trials: count(1, 1000).default(20),
    /** Trials trained at the same time. */
    parallel: count(1, 64).default(2),
    /** No new trial segment starts after this long: "10m", "90s", "1h" or seconds. */
    budget: z.union([z.string(), z.number()]).optional(),
    sampler: z.enum(['tpe', 'random'], { error: 'expected tpe or random' }).default('tpe'),
    seed: count(0, 2 ** 31 - 1).default(42),
    /** Boosting rounds of a trial that ASHA never stops. */
    maxRounds: count(10, 5000).default(300),
    /** `threads`: worker threads of this process; `kafka`: trials on `trainer.trials` for the worker group. */
    executor: z.enum(['threads', 'kafka'], { error: 'expected threads or kafka' }).default('threads'),
  })
  .superRefine((request, context) => {
    if (request.budget !== undefined && parseDurationMs(request.budget) === undefined) {
      context.addIssue({ code: 'custom', path: ['budget'], message: 'expected a duration such as "10m", "90s", "1h" or a number of seconds' });
    }
    if (request.from !== undefined && request.to !== undefined && Date.parse(request.from) >= Date.parse(request.to)) {
      context.addIssue({ code: 'custom', path: ['to'], message: 'expected an instant after from' });
    }
  });

export type TrainingRequestInput = z.input<typeof trainingRequestSchema>;

/** A validated training request, with its defaults filled in. */
export interface TrainingRequest {
  readonly model: string;
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly exampleMode: 'first-view' | 'cart';
  readonly maxExamples?: number;
  readonly trials: number;
  readonly parallel: number;
  readonly budgetMs?: number;
  readonly sampler: 'tpe' | 'random';
  readonly seed: number;
  readonly maxRounds: number;
  readonly executor: 'threads' | 'kafka';
}

/** Validates a request body (or Kafka params); the error names the first field that is wrong. */
export function parseTrainingRequest(input: unknown): TrainingRequest {
  const request = parseWithFieldError(trainingRequestSchema, input);
  return {
    model: request.model,
    ...(request.from === undefined ? {} : { fromMs: Date.parse(request.from) }),
    ...(request.to === undefined ? {} : { toMs: Date.parse(request.to) }),
    exampleMode: request.exampleMode as TrainingRequest['exampleMode'],
    ...(request.maxExamples === undefined ? {} : { maxExamples: request.maxExamples }),
    trials: request.trials,
    parallel: request.parallel,
    ...(request.budget === undefined ? {} : { budgetMs: parseDurationMs(request.budget) }),
    sampler: request.sampler,
    seed: request.seed,
    maxRounds: request.maxRounds,
    executor: request.executor,
  };
}
