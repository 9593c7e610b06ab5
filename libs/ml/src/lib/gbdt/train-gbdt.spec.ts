import { itemAt } from '@platform/common';
import { selectRows } from '../dataset/select-rows.util';
import { Dataset } from '../dataset/dataset.types';
import {
  accuracy,
  categoricalProblem,
  linearProblem,
  missingValueProblem,
  separableProblem,
  smallCategoricalProblem,
  xorProblem,
} from '../../test-support/synthetic-problems';
import { predictProbabilities } from './predict-tree-ensemble.util';
import { trainGbdt } from './train-gbdt';

function heldOutAccuracy(train: Dataset, test: Dataset, params: Parameters<typeof trainGbdt>[0]['params'] = {}): number {
  const { model } = trainGbdt({ train, params: { numTrees: 50, ...params } });
  return accuracy(test.labels ?? [], predictProbabilities(model, test));
}

describe('trainGbdt on known problems', () => {
  it('separates a threshold problem perfectly', () => {
    expect(heldOutAccuracy(separableProblem({ numRows: 2000, seed: 1 }), separableProblem({ numRows: 1000, seed: 2 }))).toBeGreaterThan(
      0.99,
    );
  });

  it('learns XOR, which no single split can', () => {
    const acc = heldOutAccuracy(xorProblem({ numRows: 4000, seed: 3 }), xorProblem({ numRows: 2000, seed: 4 }));
    expect(acc).toBeGreaterThan(0.97);
  });

  it('approaches the Bayes accuracy of a noisy linear problem', () => {
    const acc = heldOutAccuracy(linearProblem({ numRows: 8000, seed: 5 }), linearProblem({ numRows: 4000, seed: 6 }), {
      numTrees: 100,
      learningRate: 0.05,
      numLeaves: 8,
    });
    // Bayes accuracy is 0.821: within about one point of it.
    expect(acc).toBeGreaterThan(0.805);
  });

  it('routes missing values the better way', () => {
    const acc = heldOutAccuracy(missingValueProblem({ numRows: 3000, seed: 7 }), missingValueProblem({ numRows: 2000, seed: 8 }), {
      numLeaves: 2,
      numTrees: 20,
    });
    expect(acc).toBeGreaterThan(0.99);
  });

  it('splits a many-category feature by category sets', () => {
    const train = categoricalProblem({ numRows: 6000, seed: 9 });
    const test = categoricalProblem({ numRows: 3000, seed: 10 });
    // Noise rate 5%: the best possible accuracy is about 0.95.
    expect(heldOutAccuracy(train, test, { numLeaves: 4, numTrees: 30 })).toBeGreaterThan(0.93);
  });

  it('splits a two-category feature one-vs-rest', () => {
    const acc = heldOutAccuracy(smallCategoricalProblem({ numRows: 1000, seed: 11 }), smallCategoricalProblem({ numRows: 500, seed: 12 }), {
      numLeaves: 2,
      numTrees: 10,
    });
    expect(acc).toBe(1);
  });

  it('gives the same model for row-major and column-major input', () => {
    const rowMajor = linearProblem({ numRows: 2000, seed: 13 });
    const columnMajor = linearProblem({ numRows: 2000, seed: 13, layout: 'column-major' });
    const a = trainGbdt({ train: rowMajor, params: { numTrees: 10 } }).model;
    const b = trainGbdt({ train: columnMajor, params: { numTrees: 10 } }).model;
    expect(b.trees).toEqual(a.trees);
  });

  it('is deterministic for a seed, with bagging and feature sampling', () => {
    const train = linearProblem({ numRows: 3000, seed: 14 });
    const params = { numTrees: 15, baggingFraction: 0.7, baggingFreq: 1, featureFraction: 0.5, seed: 42 };
    const a = trainGbdt({ train, params }).model;
    const b = trainGbdt({ train, params }).model;
    const c = trainGbdt({ train, params: { ...params, seed: 43 } }).model;
    expect(b).toEqual(a);
    expect(c.trees).not.toEqual(a.trees);
  });

  it('stops early on a validation set and keeps the best round', () => {
    const data = linearProblem({ numRows: 3000, seed: 15 });
    const train = selectRows(data, Array.from({ length: 2000 }, (_, i) => i));
    const validation = selectRows(data, Array.from({ length: 1000 }, (_, i) => 2000 + i));
    const result = trainGbdt({
      train,
      validation,
      metrics: ['logloss', 'auc'],
      params: { numTrees: 500, learningRate: 0.3, numLeaves: 31, minDataInLeaf: 5, earlyStoppingRounds: 10 },
    });
    expect(result.stopReason).toBe('early-stopping');
    expect(result.model.trees).toHaveLength(result.bestRound);
    expect(result.rounds.length).toBe(result.bestRound + 10);
    const best = itemAt(result.rounds, result.bestRound - 1).metrics.logloss;
    expect(Math.min(...result.rounds.map((r) => r.metrics.logloss ?? Infinity))).toBe(best);
    expect(itemAt(result.rounds, 0).metrics.auc).toBeGreaterThan(0.8);
  });

  it('continues from an initial model exactly as an uninterrupted run', () => {
    const train = linearProblem({ numRows: 2000, seed: 16 });
    const params = { numTrees: 12, baggingFraction: 0.8, baggingFreq: 3, featureFraction: 0.75, seed: 5 };
    const full = trainGbdt({ train, params }).model;
    const first = trainGbdt({ train, params: { ...params, numTrees: 7 } }).model;
    const resumed = trainGbdt({ train, params, initModel: first }).model;
    expect(resumed.trees).toEqual(full.trees);
  });

  it('respects maxDepth and numLeaves', () => {
    const train = linearProblem({ numRows: 3000, seed: 17 });
    const { model } = trainGbdt({ train, params: { numTrees: 5, numLeaves: 31, maxDepth: 2 } });
    for (const tree of model.trees) expect(tree.leafValue.length).toBeLessThanOrEqual(4);
    const wide = trainGbdt({ train, params: { numTrees: 5, numLeaves: 7, minDataInLeaf: 1 } }).model;
    for (const tree of wide.trees) expect(tree.leafValue.length).toBe(7);
  });

  it('refuses to predict on other features', () => {
    const { model } = trainGbdt({ train: separableProblem({ numRows: 200, seed: 1 }), params: { numTrees: 2 } });
    expect(() => predictProbabilities(model, xorProblem({ numRows: 10, seed: 1 }))).toThrow(/differ from the model/);
  });

  it('rejects bad parameters naming each', () => {
    const train = separableProblem({ numRows: 100, seed: 1 });
    expect(() => trainGbdt({ train, params: { numLeaves: 1, learningRate: -1 } })).toThrow(/numLeaves.*learningRate|learningRate.*numLeaves/);
  });
});
