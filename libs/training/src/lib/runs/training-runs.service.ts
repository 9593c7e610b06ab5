import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { TrainerConfig } from '@platform/app-runtime';
import { OfflineEventStore } from '@platform/offline-store';
import { NoCleanEventsError } from '../errors/no-clean-events.error';
import { TrainingCancelledError } from '../errors/training-cancelled.error';
import { TrainingInProgressError } from '../errors/training-in-progress.error';
import { TRAINER_CONFIG } from '../nest/training.constants';
import { parseTrainingRequest, TrainingRequest } from '../options/training-request';
import { RUN_TAGS } from '../registry/run-tags';
import { TrainingOutcome, TrainingPipeline } from '../pipeline/training-pipeline';
import { TrainingProgressListener } from '../pipeline/training-progress';
import { trainerMetrics } from '../training.metrics';
import { loggingProgressListener } from './training-progress.logger';

export interface StartedTraining {
  readonly runId: string;
  readonly model: string;
  readonly status: 'RUNNING';
}

/** Where a training was asked for (kept as a tag of its run). */
export type TrainingOrigin = 'rest' | 'kafka' | 'schedule' | 'cli';

interface Current {
  runId?: string;
  abort: AbortController;
  done?: Promise<TrainingOutcome | undefined>;
}

/**
 * Starts trainings, one at a time per process: validates the request, refuses a range without
 * clean events at once (so a client gets 422, not a failed run later), creates the run and
 * trains in the background. Stops the running training when the app shuts down.
 */
@Injectable()
export class TrainingRuns implements OnApplicationShutdown {
  private readonly logger = new Logger(TrainingRuns.name);
  private current?: Current;

  constructor(
    private readonly pipeline: TrainingPipeline,
    private readonly offline: OfflineEventStore,
    @Inject(TRAINER_CONFIG) private readonly config: TrainerConfig,
  ) {}

  /** Validates and starts; resolves with the run id as soon as the run exists. */
  async start(body: unknown, origin: TrainingOrigin, options: { listener?: TrainingProgressListener; requestId?: string } = {}): Promise<StartedTraining> {
    const request = parseTrainingRequest(withDefaults(body, this.config));
    this.pipeline.assertRunnable(request);
    if (this.current) throw new TrainingInProgressError(this.current.runId ?? 'starting');
    const current: Current = { abort: new AbortController() };
    this.current = current;
    try {
      if ((await this.offline.countEvents({ fromMs: request.fromMs, toMs: request.toMs })) === 0) {
        throw new NoCleanEventsError(rangeOf(request));
      }
      const run = await this.pipeline.createRun(request, {
        [RUN_TAGS.origin]: origin,
        ...(options.requestId === undefined ? {} : { [RUN_TAGS.requestId]: options.requestId }),
      });
      current.runId = run.id;
      this.logger.log(`training ${run.id} of ${request.model} started (${origin})`);
      current.done = this.train(run.id, request, options.listener ?? loggingProgressListener(this.logger), current.abort.signal);
      return { runId: run.id, model: request.model, status: 'RUNNING' };
    } catch (error) {
      this.current = undefined;
      throw error;
    }
  }

  /** The run id of the training in progress, if any. */
  runningId(): string | undefined {
    return this.current?.runId;
  }

  /** Resolves when the training in progress (if any) has ended, with its outcome. */
  async settled(): Promise<TrainingOutcome | undefined> {
    return this.current?.done;
  }

  async onApplicationShutdown(): Promise<void> {
    const current = this.current;
    if (!current) return;
    this.logger.log(`stopping training ${current.runId ?? ''}`);
    current.abort.abort();
    await current.done;
  }

  private async train(runId: string, request: TrainingRequest, listener: TrainingProgressListener, signal: AbortSignal): Promise<TrainingOutcome | undefined> {
    const started = performance.now();
    try {
      const outcome = await this.pipeline.execute(runId, request, countTrials(listener), signal);
      trainerMetrics.trainings.get().inc({ outcome: outcome.promotion.promoted ? 'promoted' : 'kept_champion' });
      trainerMetrics.testRocAuc.get().set({ model: outcome.model }, outcome.testMetrics['roc_auc'] ?? NaN);
      return outcome;
    } catch (error) {
      const cancelled = error instanceof TrainingCancelledError;
      trainerMetrics.trainings.get().inc({ outcome: cancelled ? 'cancelled' : 'failed' });
      if (cancelled) this.logger.warn(`training ${runId}: ${(error as Error).message}`);
      else this.logger.error(`training ${runId} failed: ${(error as Error).message}`);
      return undefined;
    } finally {
      trainerMetrics.trainingDuration.get().observe((performance.now() - started) / 1000);
      this.current = undefined;
    }
  }
}

function countTrials(listener: TrainingProgressListener): TrainingProgressListener {
  return {
    ...listener,
    onTrial: (progress) => {
      trainerMetrics.trials.get().inc({ status: progress.status });
      listener.onTrial?.(progress);
    },
  };
}

/** TRAINER_MODEL and TRAINER_TRIAL_EXECUTOR fill what the request leaves out. */
function withDefaults(body: unknown, config: TrainerConfig): unknown {
  const defaults = { model: config.model, executor: config.trialExecutor };
  if (body === undefined || body === null) return defaults;
  if (typeof body === 'object' && !Array.isArray(body)) return { ...defaults, ...body };
  return body;
}

function rangeOf(request: TrainingRequest): { from?: string; to?: string } {
  return {
    ...(request.fromMs === undefined ? {} : { from: new Date(request.fromMs).toISOString() }),
    ...(request.toMs === undefined ? {} : { to: new Date(request.toMs).toISOString() }),
  };
}
