import { workerData } from 'node:worker_threads';
import { BinnedDatasetCache, runTrialSegment } from './run-trial-segment';
import { TrialDatasetMap } from './trial-datasets.types';
import { TrialRequest, TrialResult } from './trial.types';

/**
 * The task function each piscina worker runs. The datasets arrive once per worker as
 * workerData (backed by SharedArrayBuffers: shared, not copied); requests carry only keys.
 */
const datasets = (workerData as { datasets: TrialDatasetMap }).datasets;
const cache = new BinnedDatasetCache();

export default function runTrial(request: TrialRequest): TrialResult {
  return runTrialSegment(request, datasets, cache);
}
