import { Injectable, Logger } from '@nestjs/common';
import { ulid } from 'ulid';
import { JobConflictError } from '../errors/job-conflict.error';
import { JobNotFoundError } from '../errors/job-not-found.error';
import { ShuttingDownError } from '../errors/shutting-down.error';

export type JobKind = 'bulk-load' | 'replay' | 'reconcile';
export type JobStatus = 'running' | 'finished' | 'paused' | 'failed' | 'cancelled';

export interface JobView {
  id: string;
  kind: JobKind;
  status: JobStatus;
  params: Record<string, unknown>;
  /** The latest progress the job reported (its shape depends on the kind). */
  progress?: unknown;
  /** The job's summary once it ended. */
  result?: unknown;
  error?: { code?: string; message: string };
  startedAt: string;
  finishedAt?: string;
}

export interface JobContext {
  signal: AbortSignal;
  report(progress: unknown): void;
}

/** What a job's work resolves with: its final status and summary. */
export interface JobOutcome {
  status: Exclude<JobStatus, 'running'>;
  result: unknown;
}

interface RunningJob {
  view: JobView;
  abort: AbortController;
  done: Promise<void>;
  exclusiveKey?: string;
}

const KEPT_JOBS = 200;

/**
 * The gateway's background jobs (bulk loads, replays, reconciliations), kept in memory for
 * `GET /jobs/:id`: their durable effects (lake objects, replay cursors) are elsewhere, so a
 * restart loses only the view. `exclusiveKey` refuses a second job on the same thing.
 */
@Injectable()
export class JobRegistry {
  private readonly logger = new Logger(JobRegistry.name);
  private readonly jobs = new Map<string, RunningJob>();
  private closed = false;

  start(kind: JobKind, params: Record<string, unknown>, work: (context: JobContext) => Promise<JobOutcome>, options: { exclusiveKey?: string } = {}): JobView {
    if (this.closed) throw new ShuttingDownError();
    if (options.exclusiveKey !== undefined) {
      const running = [...this.jobs.values()].find((job) => job.view.status === 'running' && job.exclusiveKey === options.exclusiveKey);
      if (running) throw new JobConflictError(running.view.id, `${kind} ${options.exclusiveKey}`);
    }
    const view: JobView = { id: ulid(), kind, status: 'running', params, startedAt: new Date().toISOString() };
    const abort = new AbortController();
    const context: JobContext = { signal: abort.signal, report: (progress) => (view.progress = progress) };
    const job: RunningJob = { view, abort, exclusiveKey: options.exclusiveKey, done: Promise.resolve() };
    job.done = (async () => {
      try {
        const outcome = await work(context);
        Object.assign(view, { status: outcome.status, result: outcome.result });
      } catch (error) {
        const { code, message } = error as { code?: unknown; message?: string };
        Object.assign(view, { status: abort.signal.aborted ? 'cancelled' : 'failed', error: { ...(typeof code === 'string' ? { code } : {}), message: message ?? String(error) } });
        if (!abort.signal.aborted) this.logger.error(`${kind} job ${view.id} failed: ${message}`);
      } finally {
        view.finishedAt = new Date().toISOString();
      }
    })();
    this.jobs.set(view.id, job);
    this.forgetOldJobs();
    this.logger.log(`${kind} job ${view.id} started: ${JSON.stringify(params)}`);
    return view;
  }

  /** Jobs of this kind running in this process. */
  running(kind: JobKind): number {
    return [...this.jobs.values()].filter((job) => job.view.kind === kind && job.view.status === 'running').length;
  }

  get(id: string): JobView {
    const job = this.jobs.get(id);
    if (!job) throw new JobNotFoundError(id);
    return job.view;
  }

  list(): JobView[] {
    return [...this.jobs.values()].map((job) => job.view).reverse();
  }

  /** Asks a running job to stop (it ends `cancelled`, its cursor where it got to). */
  cancel(id: string): JobView {
    const job = this.jobs.get(id);
    if (!job) throw new JobNotFoundError(id);
    job.abort.abort();
    return job.view;
  }

  /** Resolves when the job has ended, whatever the outcome. */
  async settled(id: string): Promise<JobView> {
    const job = this.jobs.get(id);
    if (!job) throw new JobNotFoundError(id);
    await job.done;
    return job.view;
  }

  /** Cancels every running job and waits for them to stop. */
  async close(): Promise<void> {
    this.closed = true;
    const running = [...this.jobs.values()].filter((job) => job.view.status === 'running');
    for (const job of running) job.abort.abort();
    await Promise.all(running.map((job) => job.done));
  }

  private forgetOldJobs(): void {
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= KEPT_JOBS) return;
      if (job.view.status !== 'running') this.jobs.delete(id);
    }
  }
}
