import { TrainingError } from './training.error';

/** Every trial of the search failed (or none ran within the time budget): there is no model to fit. */
export class NoSuccessfulTrialError extends TrainingError {
  constructor(trials: number, firstError: string | undefined) {
    const message =
      trials === 0
        ? 'no trial ran within the time budget: give the search more time (budget)'
        : `all ${trials} trials failed${firstError ? `; the first: ${firstError}` : ''}`;
    super(message, 'SEARCH_FAILED', false);
  }
}
