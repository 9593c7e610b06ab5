import { MaterializeJobEntity, MaterializeJobStatus } from './materialize-job.entity';

/** A job as `GET /jobs/:id` and the CLI show it. */
export interface MaterializeJobView {
  id: string;
  kind: 'materialize';
  status: MaterializeJobStatus;
  generation: number;
  previousGeneration: number;
  since: string | null;
  until: string | null;
  objects: number;
  events: number;
  keysWritten: number;
  totalEvents: number;
  eventsPerSecond: number;
  keysPerSecond: number;
  etaSeconds: number | null;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
  error: string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Rates since `from` (this run's start, when it resumed), else since the job started. */
export function viewOfJob(job: MaterializeJobEntity, from?: { at: number; events: number; keys: number }): MaterializeJobView {
  const since = from ?? { at: job.startedAtMs, events: 0, keys: 0 };
  const seconds = Math.max((Date.now() - since.at) / 1000, 1e-3);
  const eventsPerSecond = (job.events - since.events) / seconds;
  const left = Math.max(job.totalEvents - job.events, 0);
  return {
    id: job.id,
    kind: 'materialize',
    status: job.status,
    generation: job.generation,
    previousGeneration: job.previousGeneration,
    since: iso(job.sinceMs),
    until: iso(job.untilMs),
    objects: job.objects,
    events: job.events,
    keysWritten: job.keysWritten,
    totalEvents: job.totalEvents,
    eventsPerSecond,
    keysPerSecond: (job.keysWritten - since.keys) / seconds,
    etaSeconds: job.status !== 'running' ? 0 : eventsPerSecond > 0 ? left / eventsPerSecond : null,
    startedAt: iso(job.startedAtMs) as string,
    updatedAt: iso(job.updatedAtMs) as string,
    finishedAt: iso(job.finishedAtMs),
    error: job.error,
  };
}
