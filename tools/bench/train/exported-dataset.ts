import { createDataset, LabeledDataset, toRowMajorFloat32 } from '@platform/ml';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** meta.json of an exported dataset: what LightGBM needs to read the same rows. */
interface ExportedMeta {
  readonly featureNames: readonly string[];
  readonly categorical: readonly number[];
  readonly rows: { readonly train: number; readonly validation: number; readonly test: number };
}

const SPLITS = ['train', 'validation', 'test'] as const;

/**
 * Writes the trainer's encoded splits as row-major float32 features (`<split>.f32`, NaN for
 * missing) and uint8 labels (`<split>.u8`): the very examples the trainer fits, for LightGBM.
 */
export function exportSplits(dir: string, splits: Record<(typeof SPLITS)[number], LabeledDataset>): void {
  mkdirSync(dir, { recursive: true });
  for (const split of SPLITS) {
    const dataset = splits[split];
    const features = toRowMajorFloat32(dataset);
    writeFileSync(join(dir, `${split}.f32`), new Uint8Array(features.buffer, features.byteOffset, features.byteLength));
    writeFileSync(join(dir, `${split}.u8`), Uint8Array.from(dataset.labels));
  }
  const meta: ExportedMeta = {
    featureNames: splits.train.featureNames,
    categorical: splits.train.categoricalFeatures,
    rows: { train: splits.train.numRows, validation: splits.validation.numRows, test: splits.test.numRows },
  };
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta, null, 1));
}

export function readSplit(dir: string, split: (typeof SPLITS)[number]): LabeledDataset {
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as ExportedMeta;
  const bytes = readFileSync(join(dir, `${split}.f32`));
  const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const labels = new Uint8Array(readFileSync(join(dir, `${split}.u8`)));
  return createDataset({
    values,
    layout: 'row-major',
    featureNames: [...meta.featureNames],
    categoricalFeatures: [...meta.categorical],
    labels,
  }) as LabeledDataset;
}
