import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import { JobConflictError } from '../errors/job-conflict.error';
import { JobNotFoundError } from '../errors/job-not-found.error';
import { ShuttingDownError } from '../errors/shutting-down.error';
import { JobStore } from './job.store';

export type JobKind = 'bulk-load' | 'replay' | 'reconcile';
/** `interrupted`: stopped by a gateway shutting down or dying; another gateway (or this one, restarted) resumes it. */
export type JobStatus = 'running' | 'finished' | 'paused' | 'failed' | 'cancelled' | 'interrupted';

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
  /** The chain of its saves, so they land in order. */
  saved: Promise<void>;
  savedAtMs: number;
}

const KEPT_JOBS = 200;
/** A running job's row is refreshed at least this often: its heartbeat. */
export const JOB_HEARTBEAT_MS = 5_000;

/**
 * The gateway's background jobs (bulk loads, replays, reconciliations): running ones in memory,
 * every one also in the database (`JobStore`), so `GET /jobs/:id` answers after a restart and an
 * interrupted job can be resumed. A running job's row is saved at start, on progress (at most
 * once a second), every `JOB_HEARTBEAT_MS` and at its end. `exclusiveKey` refuses a second job on
 * the same thing. At close, running jobs stop and are saved `interrupted` (resumable).
 */
@Injectable()
export class JobRegistry {
  private readonly logger = new Logger(JobRegistry.name);
  private readonly jobs = new Map<string, RunningJob>();
  /** This process, as the owner of the jobs it runs. */
  readonly owner = randomBytes(8).toString('hex');
  private readonly heartbeat: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly store: JobStore) {
    this.heartbeat = setInterval(() => {
      for (const job of this.jobs.values()) if (job.view.status === 'running') this.save(job);
    }, JOB_HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  start(
    kind: JobKind,
    params: Record<string, unknown>,
    work: (context: JobContext) => Promise<JobOutcome>,
    options: { exclusiveKey?: string; resume?: JobView } = {},
  ): JobView {
    if (this.closed) throw new ShuttingDownError();
    if (options.exclusiveKey !== undefined) {
      const running = [...this.jobs.values()].find((job) => job.view.status === 'running' && job.exclusiveKey === options.exclusiveKey);
      if (running) throw new JobConflictError(running.view.id, `${kind} ${options.exclusiveKey}`);
    }
    const view: JobView = options.resume
      ? { ...options.resume, status: 'running' }
      : { id: ulid(), kind, status: 'running', params, startedAt: new Date().toISOString() };
    const abort = new AbortController();
    const job: RunningJob = { view, abort, exclusiveKey: options.exclusiveKey, done: Promise.resolve(), saved: Promise.resolve(), savedAtMs: 0 };
    const context: JobContext = {
      signal: abort.signal,
      report: (progress) => {
        view.progress = progress;
        if (Date.now() - job.savedAtMs >= 1000) this.save(job);
      },
    };
    this.jobs.set(view.id, job);
    this.save(job);
    job.done = (async () => {
      try {
        const outcome = await work(context);
        Object.assign(view, { status: this.closed && outcome.status === 'cancelled' ? 'interrupted' : outcome.status, result: outcome.result });
      } catch (error) {
        const { code, message } = error as { code?: unknown; message?: string };
        const status = !abort.signal.aborted ? 'failed' : this.closed ? 'interrupted' : 'cancelled';
        Object.assign(view, { status, error: { ...(typeof code === 'string' ? { code } : {}), message: message ?? String(error) } });
        if (!abort.signal.aborted) this.logger.error(`${kind} job ${view.id} failed: ${message}`);
      } finally {
        if (view.status !== 'interrupted') view.finishedAt = new Date().toISOString();
        this.save(job);
        await job.saved;
      }
    })();
    this.forgetOldJobs();
    this.logger.log(`${kind} job ${view.id} ${options.resume ? 'resumed' : 'started'}: ${JSON.stringify(view.params)}`);
    return view;
  }

  /** Jobs of this kind running in this process. */
  running(kind: JobKind): number {
    return [...this.jobs.values()].filter((job) => job.view.kind === kind && job.view.status === 'running').length;
  }

  /** From memory when this process runs it, else from the database (another gateway's, or one before a restart). */
  async get(id: string): Promise<JobView> {
    const view = this.jobs.get(id)?.view ?? (await this.store.get(id));
    if (!view) throw new JobNotFoundError(id);
    return view;
  }

  async list(): Promise<JobView[]> {
    const stored = await this.store.list(KEPT_JOBS);
    return stored.map((view) => this.jobs.get(view.id)?.view ?? view);
  }

  /** Asks a running job to stop (it ends `cancelled`, its cursor where it got to). */
  cancel(id: string): JobView {
    const job = this.jobs.get(id);
    if (!job) throw new JobNotFoundError(id);
    job.abort.abort();
    return job.view;
  }

  /** Resolves when the job has ended (and its end is saved), whatever the outcome. */
  async settled(id: string): Promise<JobView> {
    const job = this.jobs.get(id);
    if (!job) throw new JobNotFoundError(id);
    await job.done;
    return job.view;
  }

  /** Stops every running job and waits for them: each is saved `interrupted`, to be resumed. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    const running = [...this.jobs.values()].filter((job) => job.view.status === 'running');
    for (const job of running) job.abort.abort();
    await Promise.all(running.map((job) => job.done));
  }

  private save(job: RunningJob): void {
    job.savedAtMs = Date.now();
    const view = { ...job.view };
    job.saved = job.saved
      .then(() => this.store.save(view, this.owner))
      .catch((error: unknown) => this.logger.warn(`job ${view.id} not saved (GET /jobs after a restart shows an older state): ${(error as Error).message}`));
  }

  private forgetOldJobs(): void {
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= KEPT_JOBS) return;
      if (job.view.status !== 'running') this.jobs.delete(id);
    }
  }
}
