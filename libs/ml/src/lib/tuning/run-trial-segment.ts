import { BinnedDataset } from '../binning/binned-dataset.types';
import { HistogramBinner } from '../binning/histogram-binner';
import { MlErrorCode } from '../common/ml-error-code.enum';
import { MlException } from '../common/ml.exception';
import { resolveGbdtParams } from '../gbdt/resolve-gbdt-params.util';
import { trainGbdt } from '../gbdt/train-gbdt';
import { TrialDatasetMap } from './trial-datasets.types';
import { TrialRequest, TrialResult } from './trial.types';

/**
 * Keeps the last few binned training sets: trials of one search share the data and usually
 * the binning settings, and binning a large set costs as much as many boosting rounds.
 */
export class BinnedDatasetCache {
  private readonly entries = new Map<string, BinnedDataset>();

  constructor(private readonly capacity = 2) {}

  getOrBin(key: string, bin: () => BinnedDataset): BinnedDataset {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const binned = bin();
    this.entries.set(key, binned);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return binned;
  }
}

/** Executes one trial segment in the calling thread (what every executor ends up calling). */
export function runTrialSegment(request: TrialRequest, datasets: TrialDatasetMap, cache: BinnedDatasetCache): TrialResult {
  const data = datasets[request.datasetKey];
  if (!data) {
    throw new MlException(MlErrorCode.TrialFailed, `no dataset ${request.datasetKey} on this executor`, { trialId: request.trialId });
  }
  const started = performance.now();
  const params = resolveGbdtParams({ ...request.params, numTrees: request.toRound, earlyStoppingRounds: 0 });
  const binKey = `${request.datasetKey}|${params.maxBin}|${params.binSampleSize}|${params.seed}`;
  const binned = cache.getOrBin(binKey, () =>
    new HistogramBinner({ maxBin: params.maxBin, sampleSize: params.binSampleSize, seed: params.seed }).fitTransform(data.train),
  );
  const result = trainGbdt({
    train: data.train,
    binned,
    validation: data.validation,
    params,
    metrics: request.metrics,
    initModel: request.initModel,
  });
  return {
    trialId: request.trialId,
    rounds: result.rounds.map(({ round, metrics }) => ({ round, metrics })),
    completedRounds: result.model.trees.length,
    model: result.model,
    stopReason: result.stopReason,
    elapsedMs: performance.now() - started,
  };
}
