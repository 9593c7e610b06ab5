import { itemAt } from '@platform/common';
import { DecisionTree } from './tree-ensemble-model.types';

// Math functions hoisted: a global lookup in a hot loop is slow inside jest's vm contexts.
const { fround } = Math;

/**
 * A DecisionTree unpacked into typed arrays for scoring many rows: no per-node objects and no
 * property lookups in the row loop.
 */
export class CompiledTree {
  readonly numNodes: number;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly isCategorical: Uint8Array;
  readonly missingLeft: Uint8Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly leafValue: Float64Array;
  /** Codes going left for categorical node i: categoryCodes[categoryStart[i] .. categoryStart[i + 1]). */
  readonly categoryStart: Int32Array;
  readonly categoryCodes: Float64Array;

  constructor(tree: DecisionTree) {
    const n = tree.splitFeature.length;
    this.numNodes = n;
    this.feature = Int32Array.from(tree.splitFeature);
    this.threshold = Float64Array.from(tree.threshold);
    this.isCategorical = Uint8Array.from(tree.splitKind, (kind) => (kind === 'categorical' ? 1 : 0));
    this.missingLeft = Uint8Array.from(tree.missingGoesLeft, (left) => (left ? 1 : 0));
    this.left = Int32Array.from(tree.leftChild);
    this.right = Int32Array.from(tree.rightChild);
    this.leafValue = Float64Array.from(tree.leafValue);
    this.categoryStart = new Int32Array(n + 1);
    tree.categories.forEach((codes, i) => (this.categoryStart[i + 1] = itemAt(this.categoryStart, i) + codes.length));
    this.categoryCodes = Float64Array.from(tree.categories.flat());
  }

  /**
   * Leaf reached by a row. `values[base + f * featureStride]` is feature f of the row; values
   * are rounded to float32 first, as ONNX Runtime receives them. (The `?? 0` defaults are for
   * the type checker: node indices are valid by construction.)
   */
  leafOf(values: Float32Array | Float64Array, base: number, featureStride: number): number {
    let node = 0;
    if (this.numNodes === 0) return 0;
    for (;;) {
      const x = fround(values[base + (this.feature[node] ?? 0) * featureStride] ?? NaN);
      let goLeft: boolean;
      if (x !== x) {
        goLeft = this.missingLeft[node] === 1;
      } else if (this.isCategorical[node] === 0) {
        goLeft = x <= (this.threshold[node] ?? NaN);
      } else {
        goLeft = false;
        for (let k = this.categoryStart[node] ?? 0, end = this.categoryStart[node + 1] ?? 0; k < end; k++) {
          if (this.categoryCodes[k] === x) {
            goLeft = true;
            break;
          }
        }
      }
      const next = (goLeft ? this.left[node] : this.right[node]) ?? 0;
      if (next < 0) return ~next;
      node = next;
    }
  }
}
