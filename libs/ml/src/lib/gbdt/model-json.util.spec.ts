import { categoricalProblem, missingValueProblem } from '../../test-support/synthetic-problems';
import { itemAt } from '@platform/common';
import { MlException } from '../common/ml.exception';
import { Dataset } from '../dataset/dataset.types';
import { parseTreeEnsembleModel, serializeTreeEnsembleModel } from './model-json.util';
import { predictProbabilities, predictRawScores } from './predict-tree-ensemble.util';
import { trainGbdt } from './train-gbdt';

describe('model JSON round trip', () => {
  it('predicts identically after serialise and parse (numerical, missing, categorical)', () => {
    const problems: [Dataset, Dataset][] = [
      [missingValueProblem({ numRows: 2000, seed: 1 }), missingValueProblem({ numRows: 1000, seed: 2 })],
      [categoricalProblem({ numRows: 3000, seed: 3 }), categoricalProblem({ numRows: 1000, seed: 4 })],
    ];
    for (const [train, test] of problems) {
      const { model } = trainGbdt({ train, params: { numTrees: 20, featureFraction: 0.5, seed: 3 } });
      const text = serializeTreeEnsembleModel(model);
      const restored = parseTreeEnsembleModel(text);
      expect(restored).toEqual(model);
      expect(predictRawScores(restored, test)).toEqual(predictRawScores(model, test));
      expect(predictProbabilities(parseTreeEnsembleModel(JSON.parse(text)), test)).toEqual(predictProbabilities(model, test));
    }
  });

  it('keeps non-finite thresholds', () => {
    const { model } = trainGbdt({ train: missingValueProblem({ numRows: 500, seed: 5 }), params: { numTrees: 1, numLeaves: 2 } });
    const odd = { ...model, trees: [{ ...itemAt(model.trees, 0), threshold: [-Infinity] }] };
    expect(itemAt(parseTreeEnsembleModel(serializeTreeEnsembleModel(odd)).trees, 0).threshold).toEqual([-Infinity]);
  });

  it('rejects what is not a model', () => {
    expect(() => parseTreeEnsembleModel('{"format":"xgboost"}')).toThrow(MlException);
    const { model } = trainGbdt({ train: missingValueProblem({ numRows: 500, seed: 6 }), params: { numTrees: 1, numLeaves: 3 } });
    const broken = { ...model, trees: [{ ...itemAt(model.trees, 0), leftChild: [7, -1] }] };
    expect(() => parseTreeEnsembleModel(JSON.stringify(broken))).toThrow(/child out of range/);
  });
});
