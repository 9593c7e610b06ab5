import { INestApplication } from '@nestjs/common';
import { BulkLoader, BulkLoadResult, DatasourceReplayer, ReplayResult } from '@platform/ingest';
import { formatCount, StageProgress } from './stage-progress';

/** Events per datasource chunk: small enough that processing shows progress and spreads over the bus's partitions. */
const CHUNK_EVENTS = 10_000;

/** Bulk-loads a REES46 file into `datasource` through the gateway's loader. */
export async function bulkLoad(gateway: INestApplication, file: string): Promise<BulkLoadResult> {
  const progress = new StageProgress('load', 100, '% of file');
  const result = await gateway.get(BulkLoader).load({
    file,
    chunkEvents: CHUNK_EVENTS,
    onProgress: (p) => progress.update(Math.floor((100 * p.bytesRead) / Math.max(p.totalBytes, 1)), `${formatCount(p.loaded)} rows loaded, ${formatCount(p.rejected)} rejected`),
  });
  if (result.status !== 'finished' || result.loaded === 0) {
    progress.abandon();
    const why = result.error ? `${result.error.code}: ${result.error.message}` : `${formatCount(result.loaded)} rows loaded`;
    throw new Error(`bulk load of ${file} ${result.status} (${why}); rejected rows are in the lake under ${result.rejectObjects.join(', ') || 'none'}`);
  }
  progress.done(`${formatCount(result.loaded)} events in ${result.objects.length} objects of datasource/${result.loadId}/, ${formatCount(result.rejected)} rows rejected`);
  return result;
}

/** Replays one load into bronze as fast as it goes; each copy is announced on `data_streaming`. */
export async function replayLoad(gateway: INestApplication, load: BulkLoadResult): Promise<ReplayResult> {
  const prefix = `datasource/${load.loadId}/`;
  const progress = new StageProgress('replay', load.objects.length, 'objects');
  const result = await gateway.get(DatasourceReplayer).replay({
    prefix,
    name: `start:${prefix}`,
    objectsPerTick: 1000,
    tickMs: 0,
    onProgress: (p) => progress.update(p.copied),
  });
  if (result.status !== 'finished') {
    progress.abandon();
    throw new Error(`replay of ${prefix} ${result.status} after ${result.copied} objects`);
  }
  progress.done(`${result.copied} objects copied to bronze/replay/${prefix} and announced`);
  return result;
}
