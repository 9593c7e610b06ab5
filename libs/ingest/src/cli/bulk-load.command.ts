import { Logger } from '@nestjs/common';
import { PlatformConfig } from '@platform/app-runtime';
import { createLake } from '@platform/s3-lake';
import { Presets, SingleBar } from 'cli-progress';
import { BulkLoadResult } from '../lib/bulk-load/bulk-load.types';
import { BulkLoader } from '../lib/bulk-load/bulk-loader';

export interface BulkLoadCommandOptions {
  file: string;
  chunkEvents: number;
  loadId?: string;
  rejects?: string;
  progress: boolean;
}

/**
 * `bulk-load`: streams a file into `datasource` with a progress bar on stderr (bytes read against
 * the file's size give the percentage and ETA; rows and rows/s ride along), then a summary.
 */
export async function runBulkLoadCommand(config: PlatformConfig, options: BulkLoadCommandOptions): Promise<BulkLoadResult> {
  // stdout carries the JSON result alone; the summary goes to stderr.
  Logger.overrideLogger(['error', 'warn']);
  const lake = createLake(config.lake, { bucketPrefix: config.namespaces.bucketPrefix });
  const bar = options.progress
    ? new SingleBar(
        {
          stream: process.stderr,
          format: 'bulk load |{bar}| {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}',
          etaBuffer: 50,
          fps: 5,
          noTTYOutput: true,
          notTTYSchedule: 5000,
          hideCursor: true,
        },
        Presets.shades_classic,
      )
    : undefined;
  const abort = new AbortController();
  const cancel = () => abort.abort();
  process.once('SIGINT', cancel);
  try {
    await lake.ensureBuckets();
    let started = false;
    const result = await new BulkLoader(lake).load({
      file: options.file,
      chunkEvents: options.chunkEvents,
      loadId: options.loadId,
      rejectsFile: options.rejects,
      signal: abort.signal,
      onProgress: (progress) => {
        if (!started) {
          bar?.start(progress.totalBytes, 0, { rows: 0, rate: 0 });
          started = true;
        }
        bar?.update(progress.bytesRead, { rows: progress.rows.toLocaleString('en-US'), rate: progress.rowsPerSecond.toLocaleString('en-US') });
      },
    });
    bar?.stop();
    return result;
  } finally {
    bar?.stop();
    process.removeListener('SIGINT', cancel);
    await lake.close();
  }
}

/** The summary printed after a load (stderr), one fact per line. */
export function bulkLoadSummary(result: BulkLoadResult, lake: string): string {
  const seconds = result.elapsedMs / 1000;
  const lines = [
    `load ${result.loadId} of ${result.source}: ${result.status}`,
    `  rows ${result.rows}, loaded ${result.loaded}, rejected ${result.rejected}`,
    `  ${result.chunks} chunk(s) under datasource/${result.loadId}/ in bucket datasource of ${lake}, ${result.rejectObjects.length} rejects object(s), manifest ${result.manifestKey}`,
    `  ${seconds.toFixed(2)} s, ${result.rowsPerSecond} rows/s, ${(result.totalBytes / 1024 / 1024 / Math.max(seconds, 1e-3)).toFixed(1)} MiB/s read`,
  ];
  if (result.error) lines.push(`  stopped early: ${result.error.code}: ${result.error.message}`);
  return `${lines.join('\n')}\n`;
}
