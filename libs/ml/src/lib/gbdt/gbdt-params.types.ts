/**
 * Trainer settings. Names follow LightGBM's parameters in camelCase (num_leaves -> numLeaves)
 * and the defaults are LightGBM's, so that results and intuitions carry over.
 */
export interface GbdtParams {
  /** Boosting rounds (trees); early stopping may keep fewer. */
  readonly numTrees: number;
  readonly learningRate: number;
  /** Leaves per tree; trees grow leaf-wise (best gain first) until this many. */
  readonly numLeaves: number;
  /** Depth limit; -1 for none. */
  readonly maxDepth: number;
  readonly minDataInLeaf: number;
  readonly minSumHessianInLeaf: number;
  readonly lambdaL2: number;
  readonly minGainToSplit: number;
  /** Fraction of features drawn for each tree. */
  readonly featureFraction: number;
  /** Fraction of rows drawn every baggingFreq rounds (0 = no bagging). */
  readonly baggingFraction: number;
  readonly baggingFreq: number;
  readonly maxBin: number;
  /** Rows sampled to place bin bounds. */
  readonly binSampleSize: number;
  /** Categorical features with at most this many categories use one-vs-rest splits. */
  readonly maxCatToOnehot: number;
  /** Most categories on the left side of a sorted-gradient categorical split. */
  readonly maxCatThreshold: number;
  readonly catSmooth: number;
  readonly catL2: number;
  readonly minDataPerGroup: number;
  /** Stop when the validation metric has not improved for this many rounds (0 = never). */
  readonly earlyStoppingRounds: number;
  readonly seed: number;
}

export const DEFAULT_GBDT_PARAMS: GbdtParams = {
  numTrees: 100,
  learningRate: 0.1,
  numLeaves: 31,
  maxDepth: -1,
  minDataInLeaf: 20,
  minSumHessianInLeaf: 1e-3,
  lambdaL2: 0,
  minGainToSplit: 0,
  featureFraction: 1,
  baggingFraction: 1,
  baggingFreq: 0,
  maxBin: 255,
  binSampleSize: 200_000,
  maxCatToOnehot: 4,
  maxCatThreshold: 32,
  catSmooth: 10,
  catL2: 10,
  minDataPerGroup: 100,
  earlyStoppingRounds: 0,
  seed: 0,
};
