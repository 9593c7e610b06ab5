import type { TrialRecord } from '@platform/ml';
import { TrialProgress } from './training-progress';

/** Turns trial ends into progress lines: counts, best so far, and an ETA. */
export class TrialProgressTracker {
  private readonly started = performance.now();
  private count = 0;
  private best = -Infinity;

  constructor(
    private readonly total: number,
    private readonly budgetMs?: number,
  ) {}

  finished(trial: Readonly<TrialRecord>): TrialProgress {
    this.count++;
    if (Number.isFinite(trial.score)) this.best = Math.max(this.best, trial.score);
    const elapsedMs = performance.now() - this.started;
    const byPace = (elapsedMs / this.count) * (this.total - this.count);
    const byBudget = this.budgetMs === undefined ? Infinity : Math.max(0, this.budgetMs - elapsedMs);
    return {
      trialId: trial.id,
      finished: this.count,
      total: this.total,
      params: trial.params,
      status: trial.status === 'failed' ? 'failed' : trial.status === 'completed' ? 'completed' : 'stopped',
      rounds: trial.completedRounds,
      validationAuc: trial.score,
      bestValidationAuc: this.best,
      elapsedMs,
      etaMs: Math.min(byPace, byBudget),
    };
  }
}
