import { itemAt } from '@platform/common';
import { averagePrecision } from './average-precision.util';
import { bestF1 } from './best-f1.util';
import { calibrationTable } from './calibration-table.util';
import { evaluateBinaryClassifier } from './evaluate-binary-classifier.util';
import { logLoss } from './log-loss.util';
import { rocAuc } from './roc-auc.util';

describe('rocAuc', () => {
  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(rocAuc([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9])).toBe(0);
  });

  it('counts pairs by hand: labels 1,0,1,0 with scores 0.9,0.8,0.7,0.1', () => {
    // Pairs (pos, neg): (0.9,0.8) win, (0.9,0.1) win, (0.7,0.8) loss, (0.7,0.1) win -> 3/4.
    expect(rocAuc([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1])).toBe(0.75);
  });

  it('counts ties as one half, exactly', () => {
    // Positives 0.5, 0.5; negatives 0.5, 0.2: pairs (0.5,0.5) x2 ties = 1, (0.5,0.2) x2 wins = 2 -> 3/4.
    expect(rocAuc([1, 1, 0, 0], [0.5, 0.5, 0.5, 0.2])).toBe(0.75);
    expect(rocAuc([1, 0, 1, 0], [0.3, 0.3, 0.3, 0.3])).toBe(0.5);
  });

  it('is NaN with one class', () => {
    expect(rocAuc([1, 1], [0.2, 0.3])).toBeNaN();
  });
});

describe('averagePrecision', () => {
  it('matches the hand computation', () => {
    // Descending: 0.9(1) 0.8(0) 0.7(1) 0.1(0). Precision at each positive: 1/1, 2/3 -> (1 + 2/3) / 2.
    expect(averagePrecision([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1])).toBeCloseTo((1 + 2 / 3) / 2, 12);
  });

  it('treats a tie group as one threshold', () => {
    // All tied: one threshold with precision 2/4 and recall 1 -> 0.5.
    expect(averagePrecision([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
  });
});

describe('logLoss', () => {
  it('matches the hand computation and clips certainties', () => {
    expect(logLoss([1, 0], [0.8, 0.4])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 12);
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-15), 6);
  });
});

describe('bestF1', () => {
  it('finds the threshold by hand', () => {
    // Thresholds 0.9: P=1, R=1/2, F1=2/3; 0.8: P=1/2, R=1/2, F1=1/2; 0.7: P=2/3, R=1, F1=0.8; 0.1: F1=2/3.
    expect(bestF1([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1])).toEqual({ f1: 0.8, threshold: 0.7, precision: 2 / 3, recall: 1 });
  });
});

describe('calibrationTable', () => {
  it('bins by decile of the prediction', () => {
    const probabilities = Array.from({ length: 20 }, (_, i) => i / 20);
    const labels = probabilities.map((_, i) => (i % 2 === 0 ? 0 : 1));
    const table = calibrationTable(labels, probabilities);
    expect(table).toHaveLength(10);
    expect(table[0]).toEqual({ bin: 0, count: 2, minPredicted: 0, maxPredicted: 0.05, meanPredicted: 0.025, observedRate: 0.5 });
    expect(itemAt(table, 9).meanPredicted).toBeCloseTo(0.925, 12);
  });
});

describe('evaluateBinaryClassifier', () => {
  it('reports every metric', () => {
    const report = evaluateBinaryClassifier([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1]);
    expect(report).toMatchObject({ count: 4, positives: 2, rocAuc: 0.75 });
    expect(report.bestF1.f1).toBe(0.8);
    expect(report.calibration.length).toBeGreaterThan(0);
  });
});
