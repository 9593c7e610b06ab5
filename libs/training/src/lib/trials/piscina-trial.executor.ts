import { extname, join } from 'node:path';
import { Piscina } from 'piscina';
import { Dataset, TrialDatasetMap, TrialDatasets, TrialExecutor, TrialRequest, TrialResult } from '@platform/ml';

export interface PiscinaTrialExecutorOptions {
  readonly datasets: TrialDatasetMap;
  /** Worker threads; each runs one segment at a time. */
  readonly threads: number;
  /**
   * The worker entry. Defaults to trial-worker.entry(.ts|.js) next to this file, which works
   * from source and from a tsc build. A webpack app must bundle
   * libs/training/src/lib/trials/trial-worker.entry.ts as an entry of its own and pass its output here.
   */
  readonly workerFilename?: string;
  /** Aborts the segments in flight (their workers stop) and refuses new ones. */
  readonly signal?: AbortSignal;
}

/**
 * Runs trial segments in parallel on worker threads. The datasets are copied once into
 * SharedArrayBuffers and handed to every worker at start, so N workers share one copy.
 */
export class PiscinaTrialExecutor implements TrialExecutor {
  readonly concurrency: number;
  private readonly pool: Piscina;
  private readonly signal?: AbortSignal;

  constructor(options: PiscinaTrialExecutorOptions) {
    this.concurrency = options.threads;
    this.signal = options.signal;
    const shared: Record<string, TrialDatasets> = {};
    for (const [key, pair] of Object.entries(options.datasets)) {
      shared[key] = { train: toShared(pair.train), validation: toShared(pair.validation) };
    }
    this.pool = new Piscina({
      filename: options.workerFilename ?? join(__dirname, `trial-worker.entry${extname(__filename)}`),
      minThreads: options.threads,
      maxThreads: options.threads,
      // One segment per worker at a time: segments are CPU-bound.
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
      workerData: { datasets: shared },
    });
  }

  run(request: TrialRequest): Promise<TrialResult> {
    return this.pool.run(request, this.signal ? { signal: this.signal } : {}) as Promise<TrialResult>;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

function toShared(dataset: Dataset): Dataset {
  return { ...dataset, values: shareTyped(dataset.values), labels: dataset.labels ? shareTyped(dataset.labels) : undefined };
}

function shareTyped<T extends Float32Array | Float64Array | Uint8Array>(array: T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const Ctor = array.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new Ctor(new SharedArrayBuffer(array.byteLength));
  copy.set(array);
  return copy;
}
