import type { GbdtParams, SearchSpace } from '@platform/ml';

/**
 * The search space, as data (stored with every training run). Ranges that make sense for
 * clickstream examples: a few hundred thousand rows, a few percent positives, 25 features.
 * Learning rate and tree size trade against the number of rounds (ASHA cuts the slow learners
 * early); minDataInLeaf, featureFraction and lambdaL2 keep trees from memorising rare sessions.
 */
export const DEFAULT_SEARCH_SPACE: SearchSpace = {
  learningRate: { type: 'log-uniform', low: 0.01, high: 0.3 },
  numLeaves: { type: 'int', low: 8, high: 128, log: true },
  minDataInLeaf: { type: 'int', low: 10, high: 1000, log: true },
  featureFraction: { type: 'uniform', low: 0.5, high: 1 },
  lambdaL2: { type: 'log-uniform', low: 0.001, high: 30 },
};

/** Parameters every trial shares (the seed is the request's). */
export const FIXED_TRIAL_PARAMS: Partial<GbdtParams> = { maxBin: 255 };

/** ASHA over boosting rounds: first judged at 10 rounds, the top third goes on at each rung. */
export const DEFAULT_ASHA = { gracePeriod: 10, reductionFactor: 3 } as const;
