import { Inject, Injectable } from '@nestjs/common';
import type { IngestConfig } from '@platform/app-runtime';
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { ulid } from 'ulid';
import { z } from 'zod';
import { BulkLoader } from '../bulk-load/bulk-loader';
import { FileNotFoundError } from '../errors/file-not-found.error';
import { InvalidRequestError } from '../errors/invalid-request.error';
import { PathNotAllowedError } from '../errors/path-not-allowed.error';
import { TooManyJobsError } from '../errors/too-many-jobs.error';
import { INGEST_CONFIG } from '../ingest.constants';
import { BronzeReconciler } from '../notifications/bronze-reconciler';
import { DatasourceReplayer } from '../replay/datasource-replayer';
import { JobContext, JobOutcome, JobRegistry, JobView } from './job-registry';

const count = z.number().int().min(1);
const bulkLoadRequest = z.strictObject({
  path: z.string().min(1),
  chunkEvents: count.max(1_000_000).optional(),
  loadId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'up to 64 letters, digits, ".", "_" or "-"').optional(),
});
const replayRequest = z.strictObject({
  prefix: z.string().max(1024).optional(),
  name: z.string().min(1).max(255).optional(),
  objectsPerTick: count.max(10_000).optional(),
  tickMs: z.number().int().min(0).max(86_400_000).optional(),
  maxObjects: count.optional(),
  maxTicks: count.optional(),
});
const reconcileRequest = z.strictObject({
  prefix: z.string().max(1024).optional(),
  minAgeSeconds: z.number().min(0).optional(),
  limit: count.optional(),
});

export type BulkLoadRequest = z.infer<typeof bulkLoadRequest>;
export type ReconcileRequest = z.infer<typeof reconcileRequest>;

/** Starts the gateway's background jobs from validated requests (HTTP or the replay schedule). */
@Injectable()
export class IngestJobs {
  constructor(
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    private readonly registry: JobRegistry,
    private readonly loader: BulkLoader,
    private readonly replayer: DatasourceReplayer,
    private readonly reconciler: BronzeReconciler,
  ) {}

  /** A server-side file, inside `INGEST_BULK_LOAD_DIR` (nothing else on the server is readable this way). */
  async startBulkLoad(body: unknown): Promise<JobView> {
    const request = parse(bulkLoadRequest, body);
    const file = await this.bulkLoadFileOrThrow(request.path);
    const running = this.registry.running('bulk-load');
    if (running >= this.config.bulkLoadMaxJobs) throw new TooManyJobsError('bulk-load', this.config.bulkLoadMaxJobs, 'INGEST_BULK_LOAD_MAX_JOBS');
    // The load id is fixed now, so that a resumed job writes the very same part keys.
    const params = { ...request, loadId: request.loadId ?? ulid() };
    return this.registry.start('bulk-load', params, this.bulkLoadWork(file, params, false), { exclusiveKey: `bulk-load:${params.loadId}` });
  }

  /** Starts again, under its own id, a job another gateway (or this one before a restart) left unfinished. */
  async resume(view: JobView): Promise<JobView> {
    if (view.kind === 'bulk-load') {
      const params = parse(bulkLoadRequest, view.params);
      const file = await this.bulkLoadFileOrThrow(params.path);
      return this.registry.start('bulk-load', params, this.bulkLoadWork(file, params, true), { exclusiveKey: `bulk-load:${params.loadId}`, resume: view });
    }
    if (view.kind === 'replay') {
      const params = view.params as unknown as Parameters<DatasourceReplayer['replay']>[0] & { name: string };
      return this.registry.start('replay', view.params, async ({ signal, report }) => {
        const result = await this.replayer.replay({ ...params, signal, onProgress: report });
        return { status: result.status, result };
      }, { exclusiveKey: params.name, resume: view });
    }
    return this.registry.start('reconcile', view.params, this.reconcileWork(parse(reconcileRequest, view.params)), { resume: view });
  }

  private bulkLoadWork(file: string, params: BulkLoadRequest, resume: boolean) {
    return async ({ signal, report }: JobContext): Promise<JobOutcome> => {
      const result = await this.loader.load({ file, chunkEvents: params.chunkEvents, loadId: params.loadId, resume, signal, onProgress: report });
      return { status: result.status, result };
    };
  }

  /**
   * The file's real path, which must be inside the real path of `INGEST_BULK_LOAD_DIR`: a `..` is
   * refused as it is written (400), a symlink leading outside once resolved (403).
   */
  private async bulkLoadFileOrThrow(path: string): Promise<string> {
    const configured = resolve(this.config.bulkLoadDir);
    let root: string;
    try {
      root = await realpath(configured);
    } catch {
      throw new FileNotFoundError(path, `INGEST_BULK_LOAD_DIR (${configured}) does not exist: create it and put the files to load there`);
    }
    if (!isInside(root, resolve(root, path))) throw new InvalidRequestError('path', `expected a file inside INGEST_BULK_LOAD_DIR (${configured}), relative to it`);
    let file: string;
    try {
      file = await realpath(resolve(root, path));
      if (!isInside(root, file)) throw new PathNotAllowedError(path);
      if (!(await stat(file)).isFile()) throw new Error('not a file');
    } catch (error) {
      if (error instanceof PathNotAllowedError) throw error;
      throw new FileNotFoundError(path, (error as Error).message.replaceAll(root, 'INGEST_BULK_LOAD_DIR'));
    }
    return file;
  }

  startReplay(body: unknown): JobView {
    const request = parse(replayRequest, body ?? {});
    const prefix = request.prefix ?? this.config.replay.prefix;
    const name = request.name ?? DatasourceReplayer.nameFor(prefix);
    const params = {
      prefix,
      name,
      objectsPerTick: request.objectsPerTick ?? this.config.replay.objectsPerTick,
      tickMs: request.tickMs ?? this.config.replay.tickMs,
      maxObjects: request.maxObjects,
      maxTicks: request.maxTicks,
    };
    return this.registry.start(
      'replay',
      params,
      async ({ signal, report }) => {
        const result = await this.replayer.replay({ ...params, signal, onProgress: report });
        return { status: result.status, result };
      },
      { exclusiveKey: name },
    );
  }

  startReconcile(body: unknown): JobView {
    const request = parse(reconcileRequest, body ?? {});
    return this.registry.start('reconcile', request, this.reconcileWork(request), { exclusiveKey: `reconcile:${request.prefix ?? ''}` });
  }

  private reconcileWork(request: ReconcileRequest) {
    return async ({ signal, report }: JobContext): Promise<JobOutcome> => {
      const result = await this.reconciler.reconcile({ prefix: request.prefix, minAgeMs: (request.minAgeSeconds ?? 0) * 1000, limit: request.limit, signal, onProgress: report });
      return { status: 'finished', result };
    };
  }
}

function isInside(root: string, path: string): boolean {
  const inside = relative(root, path);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside);
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  if (issue === undefined) throw new InvalidRequestError('body', parsed.error.message);
  const field = issue.path.length > 0 ? issue.path.join('.') : issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : 'body';
  throw new InvalidRequestError(field, issue.message);
}
