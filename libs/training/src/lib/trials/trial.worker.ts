import { workerData } from 'node:worker_threads';
import { BinnedDatasetCache, runTrialSegment, TrialDatasetMap, TrialRequest, TrialResult } from '@platform/ml';

/**
 * The task function each piscina worker runs. The datasets arrive once per worker as
 * workerData (backed by SharedArrayBuffers: shared, not copied); requests carry only keys.
 */
const datasets = (workerData as { datasets: TrialDatasetMap }).datasets;
const cache = new BinnedDatasetCache();

export default function runTrial(request: TrialRequest): TrialResult {
  return runTrialSegment(request, datasets, cache);
}
