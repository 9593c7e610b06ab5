import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DEFAULT_FEATURE_TTL, FeatureTtl, KeyUpdate, NEWEST_EVENT_FIELD } from '@platform/features';
import { OfflineEventStore, SettledObjectRef } from '@platform/offline-store';
import { ONLINE_STORE_GENERATIONS, OnlineStoreGenerations } from '@platform/redis-feature-store';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { streamProcessorMetrics } from '../stream-processor.metrics';
import { expiryCutoffFor, FEATURE_KEY_FAMILIES } from './feature-ttl-cutoff.util';
import { MaterializeJobEntity } from './materialize-job.entity';
import { MaterializeJobRepository } from './materialize-job.repository';
import { MaterializeJobView, viewOfJob } from './materialize-job.view';
import { MaterializeRequest } from './materialize-request';
import { materializeObject } from './object-materializer';

/** Objects listed per read of the processed objects. */
const OBJECTS_PER_PAGE = 200;
/** Objects folded side by side (each is one PostgreSQL read and one Redis pipeline per 50,000 lines at a time). */
const OBJECTS_IN_FLIGHT = 3;
/** A `running` job whose row was not updated for this long died with its process: it may be resumed. */
const LEASE_MS = 30_000;
const HEARTBEAT_MS = 5_000;
const PROGRESS_EVERY_MS = 2_000;
/** How far the hosts' clocks may differ: objects settled this long after building began are folded too (harmless repeats). */
const CLOCK_MARGIN_MS = 60_000;
/** Keys remembered as possibly expired (about 100 B each): past it, the rest keep their Redis TTL only. */
const MAX_EXPIRY_CANDIDATES = 1_000_000;

/**
 * Materialize (DESIGN.md section 6): rebuilds the online store from the offline store into a new
 * key-space generation while the live stream keeps writing (to both generations), then switches
 * readers to it and deletes the old one. Every object settled before it began building (plus a
 * clock margin; later ones the processors fold themselves, `GenerationCatchUp`) is folded, in the
 * order objects were settled, through the live stream's reducer and guards; the checkpoint
 * (PostgreSQL) is the last object folded, so a job resumes where it died, and redoing an object
 * counts nothing twice.
 */
@Injectable()
export class MaterializeJobs implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(MaterializeJobs.name);
  private readonly running = new Map<string, Promise<MaterializeJobView>>();
  private stopping = false;
  private generationTimer?: NodeJS.Timeout;

  constructor(
    private readonly repository: MaterializeJobRepository,
    private readonly offline: OfflineEventStore,
    @Inject(ONLINE_STORE_GENERATIONS) private readonly generations: OnlineStoreGenerations,
  ) {}

  /** Starts a job (or resumes the unfinished one) in the background; answers at once. */
  async start(request: MaterializeRequest): Promise<MaterializeJobView> {
    const { job, elsewhere } = await this.claim(request);
    if (!elsewhere && !this.running.has(job.id) && job.status !== 'done') {
      const run = this.run(job).finally(() => this.running.delete(job.id));
      run.catch(() => undefined); // recorded on the job row
      this.running.set(job.id, run);
    }
    return viewOfJob(job);
  }

  /** Runs a job (or resumes the unfinished one) to its end: the CLI. */
  async runToEnd(request: MaterializeRequest, onProgress?: (view: MaterializeJobView) => void): Promise<MaterializeJobView> {
    const { job, elsewhere } = await this.claim(request);
    if (elsewhere) {
      const seconds = Math.round((Date.now() - job.updatedAtMs) / 1000);
      throw new Error(`materialize ${job.id} is running in another process (checkpoint ${seconds} s ago): follow it with GET /jobs/${job.id}, or run this again once it has stopped for ${LEASE_MS / 1000} s to resume it`);
    }
    return this.running.get(job.id) ?? this.run(job, onProgress);
  }

  async find(id: string): Promise<MaterializeJobView | null> {
    const job = await this.repository.find(id);
    return job && viewOfJob(job);
  }

  /** The generation in use, as a gauge: read from the pointer, which every replica shares. */
  onModuleInit(): void {
    const gauge = streamProcessorMetrics.onlineGeneration.get();
    this.generationTimer = setInterval(() => {
      void this.generations
        .generationState()
        .then((state) => gauge.set(state.current))
        .catch(() => undefined);
    }, HEARTBEAT_MS);
    this.generationTimer.unref();
  }

  onApplicationShutdown(): void {
    this.stopping = true;
    clearInterval(this.generationTimer);
  }

  /** The unfinished job if there is one (`elsewhere`: another process runs it), else a new one. */
  private async claim(request: MaterializeRequest): Promise<{ job: MaterializeJobEntity; elsewhere: boolean }> {
    const unfinished = await this.repository.latestUnfinished();
    if (unfinished) {
      if (this.running.has(unfinished.id)) return { job: unfinished, elsewhere: false };
      const elsewhere = unfinished.status !== 'failed' && Date.now() - unfinished.updatedAtMs < LEASE_MS;
      if (!elsewhere) this.logger.log(`resuming materialize ${unfinished.id} (generation ${unfinished.generation}, ${unfinished.objects} objects done)`);
      return { job: unfinished, elsewhere };
    }
    const state = await this.generations.beginBuilding();
    const now = Date.now();
    const job: MaterializeJobEntity = {
      id: randomUUID(),
      status: 'running',
      generation: state.building ?? state.current + 1,
      previousGeneration: state.current,
      sinceMs: request.sinceMs ?? null,
      untilMs: request.untilMs ?? null,
      horizonMs: null,
      settledUntilMs: now + CLOCK_MARGIN_MS,
      cursorProcessedAtMs: null,
      cursorBucket: null,
      cursorKey: null,
      cursorETag: null,
      objects: 0,
      events: 0,
      keysWritten: 0,
      totalEvents: 0,
      startedAtMs: now,
      updatedAtMs: now,
      finishedAtMs: null,
      error: null,
    };
    await this.repository.save(job);
    this.logger.log(`materialize ${job.id}: building generation ${job.generation} (readers on ${job.previousGeneration})`);
    return { job, elsewhere: false };
  }

  private async run(job: MaterializeJobEntity, onProgress?: (view: MaterializeJobView) => void): Promise<MaterializeJobView> {
    const stopTimer = streamProcessorMetrics.materializeDuration.get().startTimer();
    const heartbeat = setInterval(() => void this.repository.save(job).catch(() => undefined), HEARTBEAT_MS);
    heartbeat.unref();
    try {
      if (job.status === 'failed') job.status = 'running';
      job.error = null;
      if (job.status === 'running') await this.build(job, onProgress);
      if (job.status === 'deleting') await this.deleteOld(job);
      stopTimer();
      return viewOfJob(job);
    } catch (error) {
      job.status = 'failed';
      job.error = `${(error as Error).message}`.slice(0, 1000);
      this.logger.error(`materialize ${job.id} failed (resume it with POST /jobs/materialize or the CLI): ${job.error}`);
      await this.repository.save(job).catch(() => undefined);
      throw error;
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Folds every processed object into the new generation, drops what expired, and switches. */
  private async build(job: MaterializeJobEntity, onProgress?: (view: MaterializeJobView) => void): Promise<void> {
    if ((await this.generations.generationState()).current === job.generation) {
      job.status = 'deleting'; // it switched before it could record so
      return;
    }
    const state = await this.generations.beginBuilding();
    if (state.building !== job.generation) {
      // The pointer was lost with the rest of Redis (or reset): start over into the generation it names now.
      this.logger.warn(`materialize ${job.id}: the pointer builds generation ${String(state.building)}, not ${job.generation} (Redis lost?): starting over into it`);
      Object.assign(job, { generation: state.building, previousGeneration: state.current, cursorProcessedAtMs: null, cursorBucket: null, cursorKey: null, cursorETag: null });
      Object.assign(job, { objects: 0, events: 0, keysWritten: 0, horizonMs: null, settledUntilMs: Date.now() + CLOCK_MARGIN_MS });
    }
    const range = { fromMs: job.sinceMs ?? undefined, toMs: job.untilMs ?? undefined };
    if (job.horizonMs === null) {
      job.horizonMs = await this.offline.newestEventTime(range);
      job.totalEvents = await this.offline.countEvents(range);
      await this.repository.save(job);
    }
    const store = this.generations.storeOf(job.generation);
    const ttl = DEFAULT_FEATURE_TTL;
    const resumedAt = { at: Date.now(), events: job.events, keys: job.keysWritten };
    let reported = 0;
    let cursor: SettledObjectRef | undefined = cursorOf(job);
    const expiring = expiryCandidates(job.horizonMs, ttl, (dropped) =>
      this.logger.warn(`materialize ${job.id}: more than ${dropped} keys may have expired: the rest keep only their Redis TTL`),
    );
    for (;;) {
      const objects = await this.offline.processedObjectsAfter(cursor, OBJECTS_PER_PAGE, job.settledUntilMs);
      if (objects.length === 0) break;
      // A few objects at a time: PostgreSQL reads, folding and Redis calls of different objects
      // overlap. The checkpoint moves past a group once all of it is applied (guards make a redo free).
      for (let start = 0; start < objects.length; start += OBJECTS_IN_FLIGHT) {
        if (this.stopping) throw new Error('the process is shutting down: the job stops at its checkpoint');
        const group = objects.slice(start, start + OBJECTS_IN_FLIGHT);
        const results = await Promise.all(group.map((object) => materializeObject(store, this.offline, object, ttl, range, expiring.note)));
        for (const done of results) {
          job.objects++;
          job.events += done.events;
          job.keysWritten += done.keys;
          streamProcessorMetrics.materializeEvents.get().inc(done.events);
          streamProcessorMetrics.materializeKeys.get().inc(done.keys);
        }
        const last = group[group.length - 1] as SettledObjectRef;
        cursor = last;
        Object.assign(job, { cursorProcessedAtMs: last.processedAtMs, cursorBucket: last.bucket, cursorKey: last.key, cursorETag: last.eTag });
        await this.repository.save(job);
        if (Date.now() - reported >= PROGRESS_EVERY_MS) {
          reported = Date.now();
          const view = viewOfJob(job, resumedAt);
          onProgress?.(view);
          this.logger.log(progressLine(view));
        }
      }
    }
    if (expiring.keys.size > 0) {
      const expired = await this.generations.deleteExpired(job.generation, [...expiring.keys], NEWEST_EVENT_FIELD, expiring.cutoffOf);
      this.logger.log(`materialize ${job.id}: ${expired} keys whose TTL ran out by ${new Date(job.horizonMs ?? 0).toISOString()} left out`);
    }
    if (!(await this.generations.switchTo(job.generation))) {
      throw new Error(`generation ${job.generation} is no longer the one being built: not switched`);
    }
    streamProcessorMetrics.onlineGeneration.get().set(job.generation);
    job.status = 'deleting';
    await this.repository.save(job);
    onProgress?.(viewOfJob(job, resumedAt));
    this.logger.log(`materialize ${job.id}: readers switched to generation ${job.generation} (${job.events} events, ${job.keysWritten} key updates)`);
  }

  /** After every process's cached pointer has expired, the old generation goes (SCAN + UNLINK). */
  private async deleteOld(job: MaterializeJobEntity): Promise<void> {
    await delay(2 * this.generations.pointerCacheMs);
    const deleted = await this.generations.deleteGeneration(job.previousGeneration, FEATURE_KEY_FAMILIES);
    job.status = 'done';
    job.finishedAtMs = Date.now();
    await this.repository.save(job);
    this.logger.log(`materialize ${job.id}: done; generation ${job.previousGeneration} deleted (${deleted} keys)`);
  }
}

/**
 * Keys an update left with a newest event a TTL or more before the horizon: they may have expired
 * (the offline rule of DESIGN.md section 6). After the fold each is read once and deleted if its
 * record's newest event is still that old; only candidates are read, never the whole keyspace.
 */
function expiryCandidates(horizonMs: number | null, ttl: FeatureTtl, onFull: (cap: number) => void) {
  const keys = new Set<string>();
  const cutoffOf = horizonMs === null ? () => undefined : expiryCutoffFor(horizonMs, ttl);
  let full = false;
  const note = (updates: readonly KeyUpdate[]) => {
    if (horizonMs === null || full) return;
    for (const update of updates) {
      const newest = update.max?.[NEWEST_EVENT_FIELD];
      const cutoff = cutoffOf(update.key);
      if (newest === undefined || cutoff === undefined || newest > cutoff) continue;
      keys.add(update.key);
      if (keys.size >= MAX_EXPIRY_CANDIDATES) {
        full = true;
        onFull(MAX_EXPIRY_CANDIDATES);
        return;
      }
    }
  };
  return { keys, cutoffOf, note };
}

function cursorOf(job: MaterializeJobEntity): SettledObjectRef | undefined {
  const { cursorProcessedAtMs: processedAtMs, cursorBucket: bucket, cursorKey: key, cursorETag: eTag } = job;
  return processedAtMs === null || bucket === null || key === null || eTag === null ? undefined : { processedAtMs, bucket, key, eTag };
}

/** `materialize <id>: 120,000/1,000,000 events (12 %), 45,000 events/s, 60,000 keys/s, ETA 20 s`. */
export function progressLine(view: MaterializeJobView): string {
  const n = (value: number) => Math.round(value).toLocaleString('en-US');
  const percent = view.totalEvents > 0 ? ` (${Math.min(100, Math.floor((100 * view.events) / view.totalEvents))} %)` : '';
  const eta = view.etaSeconds === null ? '' : `, ETA ${n(view.etaSeconds)} s`;
  return `materialize ${view.id}: ${n(view.events)}/${n(view.totalEvents)} events${percent}, ${n(view.objects)} objects, ${n(view.eventsPerSecond)} events/s, ${n(view.keysPerSecond)} keys/s${eta}`;
}
