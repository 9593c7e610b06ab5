import type { ParamValue } from '@platform/model-registry';
import { parseTrainingRequest, TrainingRequest } from '../options/training-request';
import { DEFAULT_SEARCH_SPACE } from '../search/default-search';

/** A training request as the params of its registry run (what `GET /runs/:id` shows, and what a resume reads back). */
export function trainingRunParams(request: TrainingRequest): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {
    model: request.model,
    example_mode: request.exampleMode,
    trials: request.trials,
    parallel: request.parallel,
    sampler: request.sampler,
    seed: request.seed,
    max_rounds: request.maxRounds,
    executor: request.executor,
    search_space: JSON.stringify(DEFAULT_SEARCH_SPACE),
  };
  if (request.fromMs !== undefined) params['from'] = new Date(request.fromMs).toISOString();
  if (request.toMs !== undefined) params['to'] = new Date(request.toMs).toISOString();
  if (request.maxExamples !== undefined) params['max_examples'] = request.maxExamples;
  if (request.budgetMs !== undefined) params['budget_seconds'] = request.budgetMs / 1000;
  return params;
}

/** The request a training run was started with, read back from its params. */
export function trainingRequestOfRun(params: Readonly<Record<string, ParamValue>>): TrainingRequest {
  const input: Record<string, unknown> = {
    model: params['model'],
    exampleMode: params['example_mode'],
    trials: params['trials'],
    parallel: params['parallel'],
    sampler: params['sampler'],
    seed: params['seed'],
    maxRounds: params['max_rounds'],
    executor: params['executor'],
    from: params['from'],
    to: params['to'],
    maxExamples: params['max_examples'],
    budget: params['budget_seconds'],
  };
  return parseTrainingRequest(Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)));
}
