import type { SearchState, TrialRecord } from '@platform/ml';
import type { RegistryService } from '@platform/model-registry';
import { RUN_TAGS, validationMetricKey } from './run-tags';

/**
 * Mirrors a search into the registry: every trial a run (its parameters, a validation metric
 * per round, its outcome), child of the training run. Fed the search's state after every change
 * (`onState`), it writes only what changed since the last call, so rounds are logged once each.
 * Calls are applied one after the other: with trials in parallel two segments can end together,
 * and two overlapping writes would both see the same rounds as new and log them twice.
 */
export class TrialRunRecorder {
  private readonly runIds = new Map<string, string>();
  private readonly loggedRounds = new Map<string, number>();
  private readonly ended = new Set<string>();
  /** The last sync queued; the next one starts when it has settled. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly registry: RegistryService,
    private readonly context: { experiment: string; parentRunId: string; metric: string; fixedParams: Record<string, number> },
  ) {}

  /**
   * Takes over the trial runs a previous coordinator of the same training left (a resumed
   * search), so that no trial gets a second run and no round is logged twice.
   */
  async adopt(): Promise<void> {
    const runs = await this.registry.searchRuns({ experiments: [this.context.experiment], limit: 10_000 });
    for (const run of runs) {
      const trialId = run.tags[RUN_TAGS.trialId];
      if (run.tags[RUN_TAGS.parent] !== this.context.parentRunId || run.tags[RUN_TAGS.kind] !== 'trial' || trialId === undefined) continue;
      this.runIds.set(trialId, run.id);
      const series = await this.registry.getMetricHistory(run.id, validationMetricKey(this.context.metric));
      this.loggedRounds.set(trialId, series.reduce((last, point) => Math.max(last, point.step), 0));
      if (run.status !== 'RUNNING') this.ended.add(trialId);
    }
  }

  /** The registry run of a trial, once it has one. */
  runIdOf(trialId: string): string | undefined {
    return this.runIds.get(trialId);
  }

  /** Writes what changed since the previous call, once that call's writes are done. */
  sync(state: SearchState): Promise<void> {
    const written = this.queue.then(() => this.write(state));
    // A failed write is the caller's error; the next sync still runs (and retries what this one missed).
    this.queue = written.catch(() => undefined);
    return written;
  }

  private async write(state: SearchState): Promise<void> {
    for (const trial of state.trials) {
      const runId = this.runIds.get(trial.id) ?? (await this.createRun(trial));
      const logged = this.loggedRounds.get(trial.id) ?? 0;
      const fresh = trial.rounds.filter((round) => round.round > logged);
      const points = fresh.flatMap((round) =>
        Object.entries(round.metrics).map(([name, value]) => ({ key: validationMetricKey(name), value: value as number, step: round.round })),
      );
      if (points.length > 0) {
        await this.registry.logMetrics(runId, points.filter((point) => Number.isFinite(point.value)));
        this.loggedRounds.set(trial.id, fresh[fresh.length - 1]?.round ?? logged);
      }
      if (!this.ended.has(trial.id) && isEnded(trial)) await this.end(runId, trial);
    }
  }

  private async createRun(trial: TrialRecord): Promise<string> {
    const run = await this.registry.createRun({
      experiment: this.context.experiment,
      name: trial.id,
      params: { ...this.context.fixedParams, ...trial.params },
      tags: { [RUN_TAGS.kind]: 'trial', [RUN_TAGS.parent]: this.context.parentRunId, [RUN_TAGS.trialId]: trial.id },
    });
    this.runIds.set(trial.id, run.id);
    return run.id;
  }

  private async end(runId: string, trial: TrialRecord): Promise<void> {
    this.ended.add(trial.id);
    await this.registry.setTags(runId, {
      [RUN_TAGS.trialStatus]: trial.status,
      ...(trial.stoppedBy ? { [RUN_TAGS.stoppedBy]: trial.stoppedBy } : {}),
    });
    if (trial.status === 'failed') await this.registry.failRun(runId, trial.error ?? 'the trial failed');
    else await this.registry.finishRun(runId);
  }
}

function isEnded(trial: TrialRecord): boolean {
  return trial.status === 'completed' || trial.status === 'stopped' || trial.status === 'failed';
}
