import { TrainingError } from './training.error';

/** A trial segment a trainer worker could not train (bad parameters, a corrupt checkpoint): trying again would fail the same way. */
export class TrialSegmentFailedError extends TrainingError {
  constructor(trialId: string, toRound: number, reason: string) {
    super(`trial ${trialId} (rounds to ${toRound}) failed on a trainer worker: ${reason}`, 'SEARCH_FAILED', false);
  }
}
