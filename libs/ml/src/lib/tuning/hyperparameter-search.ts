import { MlErrorCode } from '../common/ml-error-code.enum';
import { MlException } from '../common/ml.exception';
import { METRIC_GREATER_IS_BETTER } from '../gbdt/eval-metric';
import { DEFAULT_GBDT_PARAMS, GbdtParams } from '../gbdt/gbdt-params.types';
import { resolveGbdtParams } from '../gbdt/resolve-gbdt-params.util';
import { AshaScheduler } from './asha.scheduler';
import { createSampler } from './create-sampler.util';
import { Sampler, TrialObservation } from './sampler.interface';
import {
  HyperparameterSearchConfig,
  SearchCallbacks,
  SearchOutcome,
  SearchState,
  TrialRecord,
} from './search-state.types';
import { TrialExecutor } from './trial-executor.interface';
import { TrialResult } from './trial.types';

/**
 * Hyperparameter search over GBDT trials: a sampler proposes parameters, trials run as
 * segments between ASHA rungs on a TrialExecutor (several in flight), every round is reported,
 * and the state is published after every change so that `resume(state)` can continue a crashed
 * search without redoing finished trials or segments.
 */
export class HyperparameterSearch {
  private config!: HyperparameterSearchConfig;
  private sampler!: Sampler;
  private asha?: AshaScheduler;
  private trials: TrialRecord[] = [];
  private elapsedBefore = 0;
  private startedAt = 0;

  constructor(
    private readonly executor: TrialExecutor,
    private readonly callbacks: SearchCallbacks = {},
  ) {}

  run(config: HyperparameterSearchConfig): Promise<SearchOutcome> {
    validateSearchConfig(config);
    this.config = config;
    this.sampler = createSampler(config.space, config.sampler);
    this.asha = config.asha ? new AshaScheduler({ ...config.asha, maxRounds: config.maxRounds }) : undefined;
    this.trials = [];
    this.elapsedBefore = 0;
    return this.loop();
  }

  /** Continues from a saved state: finished trials stay finished; in-flight segments rerun. */
  resume(state: SearchState): Promise<SearchOutcome> {
    if (state.version !== 1) {
      throw new MlException(MlErrorCode.InvalidParams, `unknown search state version ${String(state.version)}`);
    }
    this.config = state.config;
    this.sampler = createSampler(state.config.space, state.config.sampler, state.sampler);
    this.asha = state.config.asha
      ? new AshaScheduler({ ...state.config.asha, maxRounds: state.config.maxRounds }, state.asha)
      : undefined;
    this.trials = state.trials.map((trial) => ({
      ...trial,
      rounds: [...trial.rounds],
      status: trial.status === 'running' ? 'ready' : trial.status,
    }));
    this.elapsedBefore = state.elapsedMs;
    return this.loop();
  }

  getState(): SearchState {
    return {
      version: 1,
      config: this.config,
      sampler: this.sampler.getState(),
      asha: this.asha?.getState(),
      trials: this.trials.map((trial) => ({ ...trial, rounds: [...trial.rounds] })),
      elapsedMs: this.elapsed(),
    };
  }

  private async loop(): Promise<SearchOutcome> {
    this.startedAt = performance.now();
    const inFlight = new Map<string, Promise<void>>();
    for (;;) {
      while (inFlight.size < this.executor.concurrency) {
        const trial = this.nextTrial();
        if (!trial) break;
        trial.status = 'running';
        await this.publish();
        inFlight.set(
          trial.id,
          this.runSegment(trial).finally(() => inFlight.delete(trial.id)),
        );
      }
      if (inFlight.size === 0) break;
      await Promise.race(inFlight.values());
    }
    for (const trial of this.trials) {
      if (trial.status === 'ready') this.finish(trial, 'stopped', 'time-budget');
    }
    await this.publish();
    return { best: this.best(), trials: this.trials, state: this.getState() };
  }

  /** A paused trial first (ASHA promotions), else a new one while the budget allows. */
  private nextTrial(): TrialRecord | undefined {
    if (this.config.timeBudgetMs !== undefined && this.elapsed() >= this.config.timeBudgetMs) return undefined;
    const paused = this.trials.find((trial) => trial.status === 'ready');
    if (paused) return paused;
    if (this.trials.length >= this.config.numTrials) return undefined;
    const trial: TrialRecord = {
      id: `trial-${String(this.trials.length + 1).padStart(4, '0')}`,
      params: this.sampler.suggest(this.observations()),
      status: 'ready',
      rounds: [],
      completedRounds: 0,
      score: NaN,
    };
    this.trials.push(trial);
    return trial;
  }

  private async runSegment(trial: TrialRecord): Promise<void> {
    const toRound = this.asha ? this.asha.nextMilestone(trial.completedRounds) : this.config.maxRounds;
    let result: TrialResult;
    try {
      result = await this.executor.run({
        trialId: trial.id,
        datasetKey: this.config.datasetKey,
        params: { ...this.config.fixedParams, ...(trial.params as Partial<GbdtParams>) },
        fromRound: trial.completedRounds,
        toRound,
        initModel: trial.checkpoint,
        metrics: [this.config.metric],
      });
    } catch (error) {
      trial.error = error instanceof Error ? error.message : String(error);
      this.finish(trial, 'failed');
      await this.publish();
      return;
    }
    for (const round of result.rounds) {
      trial.rounds.push(round);
      this.callbacks.onRound?.(trial, round);
    }
    trial.completedRounds = result.completedRounds;
    trial.checkpoint = result.model;
    const value = result.rounds.at(-1)?.metrics[this.config.metric];
    trial.score = value === undefined ? NaN : METRIC_GREATER_IS_BETTER[this.config.metric] ? value : -value;
    if (trial.completedRounds >= this.config.maxRounds || result.stopReason === 'no-split') {
      this.finish(trial, 'completed');
    } else if (this.asha && this.asha.onMilestone(trial.id, toRound, trial.score) === 'stop') {
      this.finish(trial, 'stopped', 'asha');
    } else {
      trial.status = 'ready';
    }
    await this.publish();
  }

  private finish(trial: TrialRecord, status: TrialRecord['status'], stoppedBy?: TrialRecord['stoppedBy']): void {
    trial.status = status;
    if (stoppedBy) trial.stoppedBy = stoppedBy;
    delete trial.checkpoint;
    this.callbacks.onTrialEnd?.(trial);
  }

  private observations(): TrialObservation[] {
    return this.trials.filter((t) => Number.isFinite(t.score)).map((t) => ({ params: t.params, score: t.score }));
  }

  private best(): TrialRecord | undefined {
    const byScore = (a: TrialRecord, b: TrialRecord): number => b.score - a.score;
    const completed = this.trials.filter((t) => t.status === 'completed' && Number.isFinite(t.score)).sort(byScore);
    if (completed.length > 0) return completed[0];
    return this.trials.filter((t) => Number.isFinite(t.score)).sort((a, b) => b.completedRounds - a.completedRounds || byScore(a, b))[0];
  }

  private elapsed(): number {
    return this.elapsedBefore + (performance.now() - this.startedAt);
  }

  private async publish(): Promise<void> {
    await this.callbacks.onState?.(this.getState());
  }
}

/** Fails fast on a search that could only produce failed trials. */
function validateSearchConfig(config: HyperparameterSearchConfig): void {
  const unknown = Object.keys(config.space).filter((name) => !(name in DEFAULT_GBDT_PARAMS));
  if (unknown.length > 0) {
    throw new MlException(MlErrorCode.InvalidSearchSpace, `not GBDT parameters: ${unknown.join(', ')}`, { unknown });
  }
  resolveGbdtParams(config.fixedParams);
  if (!Number.isInteger(config.maxRounds) || config.maxRounds < 1 || !Number.isInteger(config.numTrials) || config.numTrials < 1) {
    throw new MlException(MlErrorCode.InvalidParams, 'maxRounds and numTrials must be integers >= 1');
  }
}
