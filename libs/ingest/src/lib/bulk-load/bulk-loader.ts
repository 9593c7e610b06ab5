import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventFormat, EventInputError, formatFor, parseEvents, ParsedRecord } from '@platform/events';
import { LAKE, type Lake } from '@platform/s3-lake';
import { createReadStream, createWriteStream, WriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { finished } from 'node:stream/promises';
import { ulid } from 'ulid';
import { gzipLines } from '../events/gzip-lines.util';
import { normalisedRecordLine } from '../events/normalised-record';
import { FileNotFoundError } from '../errors/file-not-found.error';
import { InvalidRequestError } from '../errors/invalid-request.error';
import { DATASOURCE_BUCKET, GZIP_NDJSON_CONTENT_TYPE } from '../ingest.constants';
import { ingestMetrics } from '../ingest.metrics';
import { BulkLoadProgress, BulkLoadResult } from './bulk-load.types';

export interface BulkLoadOptions {
  /** A local REES46 file: CSV, NDJSON or a JSON array, gzip or not (by extension). */
  file: string;
  /** Default: a new ULID, so loads sort by start time (and replay in that order). */
  loadId?: string;
  /** Events per chunk object (default 50,000). */
  chunkEvents?: number;
  /** Also write the rejects, as NDJSON, to this local file. */
  rejectsFile?: string;
  /**
   * Go on from the parts already in `datasource/<loadId>/` (a restarted job): parts hold fixed
   * ranges of the file's valid rows (`chunkEvents` each, in file order), so the rows of the
   * written parts (and rejects) are read again but not written again, and no part is duplicated.
   * Needs the same file, `loadId` and `chunkEvents` as the interrupted load.
   */
  resume?: boolean;
  signal?: AbortSignal;
  /** Called after every parsed batch of rows. */
  onProgress?: (progress: BulkLoadProgress) => void;
}

/** `datasource/<load-id>/part-00001.ndjson.gz`; files starting with `_` (rejects, manifest) are not data. */
function datasourceKeyFor(loadId: string, name: string): string {
  return `datasource/${loadId}/${name}`;
}

const partName = (prefix: string, n: number) => `${prefix}${String(n).padStart(5, '0')}.ndjson.gz`;

/**
 * Loads a REES46 file of any size into `datasource` as gzip NDJSON chunks of normalised events
 * (the loader script of the original system). The file is streamed: at most one chunk being
 * filled and one being uploaded are in memory. Rows are validated by libs/events; rejects go next
 * to the chunks with their reasons, and a `_manifest.json` sums the load up.
 */
@Injectable()
export class BulkLoader {
  private readonly logger = new Logger(BulkLoader.name);

  constructor(@Inject(LAKE) private readonly lake: Lake) {}

  private writtenParts(loadId: string): Promise<{ parts: number; rejects: number }> {
    return countWritten(this.lake, loadId);
  }

  async load(options: BulkLoadOptions): Promise<BulkLoadResult> {
    const chunkEvents = options.chunkEvents ?? 50_000;
    if (!(Number.isInteger(chunkEvents) && chunkEvents >= 1)) throw new InvalidRequestError('chunkEvents', 'expected a whole number ≥ 1');
    let format: EventFormat;
    try {
      format = formatFor({ key: options.file }).format;
    } catch (error) {
      throw new InvalidRequestError('file', `expected a .csv, .ndjson, .jsonl or .json file, optionally .gz (${(error as Error).message})`);
    }
    let totalBytes: number;
    try {
      const info = await stat(options.file);
      if (!info.isFile()) throw new Error('not a file');
      totalBytes = info.size;
    } catch (error) {
      throw new FileNotFoundError(options.file, (error as Error).message);
    }

    const loadId = options.loadId ?? ulid();
    const source = basename(options.file);
    const started = Date.now();
    const progress: BulkLoadProgress = { loadId, bytesRead: 0, totalBytes, rows: 0, loaded: 0, rejected: 0, chunks: 0, elapsedMs: 0, rowsPerSecond: 0 };
    const objects: string[] = [];
    const rejectObjects: string[] = [];
    const done = options.resume ? await this.writtenParts(loadId) : { parts: 0, rejects: 0 };
    objects.push(...Array.from({ length: done.parts }, (_, i) => datasourceKeyFor(loadId, partName('part-', i + 1))));
    rejectObjects.push(...Array.from({ length: done.rejects }, (_, i) => datasourceKeyFor(loadId, partName('_rejects-', i + 1))));
    progress.chunks = objects.length;
    const skipLoaded = done.parts * chunkEvents;
    const skipRejected = done.rejects * chunkEvents;
    let chunk: string[] = [];
    let rejects: string[] = [];
    let upload: Promise<void> = Promise.resolve();
    const localRejects: WriteStream | undefined = options.rejectsFile ? createWriteStream(options.rejectsFile) : undefined;

    // One upload overlaps the parsing of the next chunk; a failed upload surfaces at the next wait.
    const put = async (name: string, lines: string[], keys: string[]) => {
      await upload;
      const key = datasourceKeyFor(loadId, name);
      keys.push(key);
      upload = gzipLines(lines).then(async (body) => {
        await this.lake.put({ bucket: DATASOURCE_BUCKET, key, body, contentType: GZIP_NDJSON_CONTENT_TYPE });
      });
      upload.catch(() => undefined);
    };
    const flushChunk = async () => {
      if (chunk.length === 0) return;
      await put(partName('part-', objects.length + 1), chunk, objects);
      progress.chunks = objects.length;
      chunk = [];
    };
    const flushRejects = async () => {
      if (rejects.length === 0) return;
      await put(partName('_rejects-', rejectObjects.length + 1), rejects, rejectObjects);
      rejects = [];
    };
    const report = () => {
      progress.elapsedMs = Date.now() - started;
      progress.rowsPerSecond = progress.elapsedMs > 0 ? Math.round((progress.rows * 1000) / progress.elapsedMs) : 0;
      progress.etaSeconds =
        progress.bytesRead > 0 ? Math.max(0, ((totalBytes - progress.bytesRead) * progress.elapsedMs) / progress.bytesRead / 1000) : undefined;
      options.onProgress?.({ ...progress });
    };

    let status: BulkLoadResult['status'] = 'finished';
    let failure: BulkLoadResult['error'];
    const input = createReadStream(options.file, { highWaterMark: 1 << 20 });
    try {
      const counted = async function* () {
        for await (const bytes of input) {
          progress.bytesRead += (bytes as Buffer).length;
          yield bytes as Buffer;
        }
      };
      // No event ids: the parts keep the normalised fields; ids are derived where they are read.
      for await (const batch of parseEvents(counted(), { format, source: `file:${source}`, batchSize: 5000, eventIds: false })) {
        if (options.signal?.aborted) {
          status = 'cancelled';
          break;
        }
        for (const record of batch) {
          progress.rows++;
          if (record.ok) {
            if (progress.loaded++ < skipLoaded) continue; // in a part written before the restart
            chunk.push(normalisedRecordLine(record.event));
            if (chunk.length >= chunkEvents) await flushChunk();
          } else {
            if (progress.rejected++ < skipRejected) continue;
            const line = rejectLine(record);
            rejects.push(line);
            localRejects?.write(`${line}\n`);
            if (rejects.length >= chunkEvents) await flushRejects();
          }
        }
        report();
      }
    } catch (error) {
      if (!(error instanceof EventInputError)) {
        input.destroy();
        localRejects?.end();
        await upload.catch(() => undefined);
        throw error;
      }
      // The file is damaged from some point on: what was read before is loaded, the load is failed.
      status = 'failed';
      failure = { code: error.code, message: error.message };
    } finally {
      input.destroy();
    }
    if (status === 'cancelled') {
      // Only whole parts are written, so that a resumed load knows where it stands from the part
      // count alone; what was read past the last whole part is read again then.
      progress.loaded = objects.length * chunkEvents;
      progress.rejected = rejectObjects.length * chunkEvents;
    } else {
      await flushChunk();
      await flushRejects();
    }
    await upload;
    if (localRejects) {
      localRejects.end();
      await finished(localRejects);
    }
    ingestMetrics.bulkLoadRows.get().inc({ outcome: 'loaded' }, progress.loaded);
    ingestMetrics.bulkLoadRows.get().inc({ outcome: 'rejected' }, progress.rejected);
    report();

    const manifestKey = datasourceKeyFor(loadId, '_manifest.json');
    const result: BulkLoadResult = {
      ...progress,
      status,
      source,
      objects,
      rejectObjects,
      manifestKey,
      ...(options.resume ? { resumedAfterPart: done.parts } : {}),
      ...(failure ? { error: failure } : {}),
    };
    await this.lake.put({
      bucket: DATASOURCE_BUCKET,
      key: manifestKey,
      body: Buffer.from(`${JSON.stringify({ ...result, loadedAt: new Date().toISOString() }, null, 2)}\n`),
      contentType: 'application/json',
    });
    this.logger.log(
      `load ${loadId} of ${source} ${status}: ${progress.rows} rows, ${progress.loaded} loaded in ${objects.length} chunks, ` +
        `${progress.rejected} rejected, ${progress.rowsPerSecond} rows/s, ${(progress.elapsedMs / 1000).toFixed(1)} s`,
    );
    return result;
  }
}

/** How many parts and reject objects of the load are in the lake: written in order, each whole (a PUT is atomic). */
async function countWritten(lake: Lake, loadId: string): Promise<{ parts: number; rejects: number }> {
  let parts = 0;
  let rejects = 0;
  for await (const object of lake.list({ bucket: DATASOURCE_BUCKET, prefix: datasourceKeyFor(loadId, '') })) {
    const name = object.key.slice(object.key.lastIndexOf('/') + 1);
    if (name.startsWith('part-')) parts++;
    else if (name.startsWith('_rejects-')) rejects++;
  }
  return { parts, rejects };
}

function rejectLine(record: Extract<ParsedRecord, { ok: false }>): string {
  return JSON.stringify({
    line: record.line,
    reason: record.rejections.map((rejection) => rejection.message).join('; '),
    rules: record.rejections.map(({ field, rule }) => ({ field, rule })),
    raw: record.raw,
  });
}
