import { BinnedDatasetCache, runTrialSegment } from './run-trial-segment';
import { TrialDatasetMap } from './trial-datasets.types';
import { TrialExecutor } from './trial-executor.interface';
import { TrialRequest, TrialResult } from './trial.types';

/** Runs segments one at a time in the calling thread: for tests and small searches. */
export class InThreadTrialExecutor implements TrialExecutor {
  readonly concurrency = 1;
  private readonly cache = new BinnedDatasetCache();

  constructor(private readonly datasets: TrialDatasetMap) {}

  async run(request: TrialRequest): Promise<TrialResult> {
    // Yield first so that callers see the same asynchronous behaviour as with workers.
    await Promise.resolve();
    return runTrialSegment(request, this.datasets, this.cache);
  }

  async close(): Promise<void> {
    // Nothing to release.
  }
}
