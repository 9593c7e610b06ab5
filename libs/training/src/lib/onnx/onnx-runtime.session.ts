import { InferenceSession, Tensor } from 'onnxruntime-node';
import { ONNX_INPUT_NAME, ONNX_PROBABILITY_OUTPUT } from '@platform/ml';

/**
 * Loads exported bytes in ONNX Runtime (one thread) and scores rows: the check of every export
 * against the trainer's own predictions, and the scoring of the champion on a new test set.
 */
export async function scoreWithOnnxRuntime(
  modelBytes: Uint8Array,
  rowMajorFeatures: Float32Array,
  numRows: number,
  numFeatures: number,
  batchSize = 100_000,
): Promise<Float32Array> {
  const session = await InferenceSession.create(modelBytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  try {
    const probabilities = new Float32Array(numRows);
    for (let start = 0; start < numRows; start += batchSize) {
      const count = Math.min(batchSize, numRows - start);
      const input = new Tensor('float32', rowMajorFeatures.subarray(start * numFeatures, (start + count) * numFeatures), [
        count,
        numFeatures,
      ]);
      const output = (await session.run({ [ONNX_INPUT_NAME]: input }, [ONNX_PROBABILITY_OUTPUT]))[ONNX_PROBABILITY_OUTPUT];
      if (!output) throw new Error(`the model has no ${ONNX_PROBABILITY_OUTPUT} output`);
      probabilities.set(output.data as Float32Array, start);
    }
    return probabilities;
  } finally {
    await session.release();
  }
}
