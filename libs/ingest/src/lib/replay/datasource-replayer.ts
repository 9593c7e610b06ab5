import { Inject, Injectable, Logger } from '@nestjs/common';
import { LAKE, type Lake, type LakeObjectSummary } from '@platform/s3-lake';
import { setTimeout as delay } from 'node:timers/promises';
import { InvalidRequestError } from '../errors/invalid-request.error';
import { BRONZE_BUCKET, DATASOURCE_BUCKET } from '../ingest.constants';
import { ingestMetrics } from '../ingest.metrics';
import { LakeAnnouncer } from '../notifications/lake-announcer';
import { ReplayCursor, ReplayCursorStore } from './replay-cursor.store';

export interface ReplayOptions {
  /** Only datasource keys under this prefix (default `datasource/`). */
  prefix?: string;
  /** The cursor's name (default `replay:<prefix>`): replays of one name share where they stand. */
  name?: string;
  /** Objects copied per tick (default 1), one tick every `tickMs` (default 1000). */
  objectsPerTick?: number;
  tickMs?: number;
  /** Stop after this many ticks or copies, to go on from the cursor next time (a cron run is one tick). */
  maxTicks?: number;
  maxObjects?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ReplayProgress) => void;
}

interface ReplayProgress {
  name: string;
  prefix: string;
  /** Copied by this run, and by every run of this name (the cursor's count). */
  copied: number;
  totalCopied: number;
  /** The cursor: the last datasource key copied. */
  lastKey: string | null;
  lastTarget?: string;
  ticks: number;
}

/** `finished`: nothing left after the cursor; `paused`: stopped by `maxTicks`/`maxObjects` with more to go. */
export interface ReplayResult extends ReplayProgress {
  status: 'finished' | 'paused' | 'cancelled';
}

/** Where a datasource object is replayed to: `bronze/replay/<original key>` in the bronze bucket. */
function replayTargetKey(sourceKey: string): string {
  return `bronze/replay/${sourceKey}`;
}

/** Data objects only: names starting with `_` are a load's rejects and manifest. */
function isDataObject(key: string): boolean {
  return !key.slice(key.lastIndexOf('/') + 1).startsWith('_');
}

/**
 * Replays `datasource` into `bronze` in key order at a set pace (the Airflow DAG of the original
 * system): copy an object, announce it, move the cursor in the database. A restart resumes after
 * the cursor: no gap, and no duplicate either, because a copy made just before a crash (cursor
 * not yet moved) is made again to the same key with the same content, which the processor
 * recognises by bucket, key and eTag.
 */
@Injectable()
export class DatasourceReplayer {
  private readonly logger = new Logger(DatasourceReplayer.name);

  constructor(
    @Inject(LAKE) private readonly lake: Lake,
    private readonly cursors: ReplayCursorStore,
    private readonly announcer: LakeAnnouncer,
  ) {}

  static nameFor(prefix: string): string {
    return `replay:${prefix}`;
  }

  async replay(options: ReplayOptions = {}): Promise<ReplayResult> {
    const prefix = options.prefix ?? 'datasource/';
    const name = options.name ?? DatasourceReplayer.nameFor(prefix);
    const objectsPerTick = options.objectsPerTick ?? 1;
    const tickMs = options.tickMs ?? 1000;
    if (!(Number.isInteger(objectsPerTick) && objectsPerTick >= 1)) throw new InvalidRequestError('objectsPerTick', 'expected a whole number ≥ 1');
    if (!(Number.isInteger(tickMs) && tickMs >= 0)) throw new InvalidRequestError('tickMs', 'expected a whole number of milliseconds ≥ 0');
    const cursor: ReplayCursor = (await this.cursors.get(name)) ?? { name, prefix, lastKey: null, objectsCopied: 0, finishedAt: null };
    if (cursor.prefix !== prefix) {
      throw new InvalidRequestError('name', `expected a replay name not used with another prefix (${JSON.stringify(name)} replays ${JSON.stringify(cursor.prefix)})`);
    }
    const progress: ReplayProgress = { name, prefix, copied: 0, totalCopied: cursor.objectsCopied, lastKey: cursor.lastKey, ticks: 0 };
    const done = (status: ReplayResult['status']): ReplayResult => {
      this.logger.log(`replay ${name} ${status}: ${progress.copied} copied this run, ${progress.totalCopied} in all, cursor ${progress.lastKey ?? '(start)'}`);
      return { ...progress, status };
    };
    ingestMetrics.replayCopied.get().set({ replay: name }, cursor.objectsCopied);

    for (;;) {
      if (progress.ticks > 0) {
        try {
          await delay(tickMs, undefined, { signal: options.signal });
        } catch {
          return done('cancelled');
        }
      }
      if (options.signal?.aborted) return done('cancelled');
      const due = await this.nextObjects(prefix, cursor.lastKey, objectsPerTick);
      if (due.length === 0) {
        if (cursor.finishedAt === null) await this.cursors.save({ ...cursor, finishedAt: new Date() });
        return done('finished');
      }
      progress.ticks++;
      for (const object of due) {
        if (options.signal?.aborted) return done('cancelled');
        const target = replayTargetKey(object.key);
        const { eTag } = await this.lake.copy({ source: { bucket: DATASOURCE_BUCKET, key: object.key }, target: { bucket: BRONZE_BUCKET, key: target } });
        this.announcer.announce({ bucket: BRONZE_BUCKET, key: target, size: object.size, eTag });
        Object.assign(cursor, { lastKey: object.key, objectsCopied: cursor.objectsCopied + 1, finishedAt: null });
        await this.cursors.save(cursor);
        Object.assign(progress, { copied: progress.copied + 1, totalCopied: cursor.objectsCopied, lastKey: cursor.lastKey, lastTarget: target });
        ingestMetrics.replayCopies.get().inc({ replay: name });
        ingestMetrics.replayCopied.get().set({ replay: name }, cursor.objectsCopied);
        options.onProgress?.({ ...progress });
        if (options.maxObjects !== undefined && progress.copied >= options.maxObjects) return this.pausedOrFinished(cursor, done);
      }
      if (options.maxTicks !== undefined && progress.ticks >= options.maxTicks) return this.pausedOrFinished(cursor, done);
    }
  }

  /** The next data objects after the cursor, in key order. */
  private async nextObjects(prefix: string, after: string | null, limit: number): Promise<LakeObjectSummary[]> {
    const found: LakeObjectSummary[] = [];
    const listing = this.lake.list({ bucket: DATASOURCE_BUCKET, prefix, startAfter: after ?? undefined, pageSize: Math.min(1000, limit + 10) });
    for await (const object of listing) {
      if (!isDataObject(object.key)) continue;
      found.push(object);
      if (found.length >= limit) break;
    }
    return found;
  }

  private async pausedOrFinished(cursor: ReplayCursor, done: (status: ReplayResult['status']) => ReplayResult): Promise<ReplayResult> {
    if ((await this.nextObjects(cursor.prefix, cursor.lastKey, 1)).length > 0) return done('paused');
    await this.cursors.save({ ...cursor, finishedAt: new Date() });
    return done('finished');
  }
}
