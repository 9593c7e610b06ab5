import { CleanEvent } from '@platform/events';
import {
  buildFeatureSchema,
  buildTrainingExamples,
  CATEGORICAL_FEATURES,
  EntityRecords,
  encodeRows,
  FEATURE_NAMES,
  FeatureSchema,
  snapshot,
} from '@platform/features';
import { createDataset, exportOnnx, ONNX_INPUT_NAME, ONNX_PROBABILITY_OUTPUT, predictProbabilities, trainGbdt, TreeEnsembleModel } from '@platform/ml';
import {
  MODEL_MANIFEST_FILE,
  MODEL_MANIFEST_FORMAT,
  MODEL_MANIFEST_FORMAT_VERSION,
  MODEL_ONNX_FILE,
  ModelManifest,
  modelArtifactPrefix,
  RegistryService,
} from '@platform/model-registry';
import { Lake } from '@platform/s3-lake';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { CHAMPION_ALIAS } from '../lib/model/champion-watcher';
import { referenceHistogramsOf } from './reference-histograms';

export interface TestChampionOptions {
  registry: RegistryService;
  lake: Lake;
  model: string;
  /** Training events in replay order (e.g. `rees46FeatureEvents`). */
  events: readonly CleanEvent[];
  numTrees?: number;
  seed?: number;
  /** Write bytes ONNX Runtime refuses instead of the model (a corrupt artifact). */
  corruptOnnx?: boolean;
  /** Register and write artifacts, but leave the champion alias where it is. */
  promote?: boolean;
}

export interface TestChampion {
  version: number;
  artifactUri: string;
  /** The trainer's own model and vocabularies: what serving must agree with. */
  trees: TreeEnsembleModel;
  schema: FeatureSchema;
  manifest: ModelManifest;
}

/**
 * Until the trainer (issue 13) publishes real champions, tests publish their own the way it will:
 * a small GBDT trained with libs/ml on feature rows built by libs/features from clean events,
 * exported to ONNX (checked against the trainer's own predictions), `model.onnx` and `model.json`
 * written under `models/<name>/<version>/` in `storage`, the version registered and made `champion`.
 */
export async function publishTestChampion(options: TestChampionOptions): Promise<TestChampion> {
  const { registry, lake, model } = options;
  const examples = [...buildTrainingExamples(options.events)];
  const rows = examples.map((example) => example.row);
  const schema = buildFeatureSchema(rows, FEATURE_NAMES);
  const dataset = createDataset({
    values: encodeRows(rows, schema),
    layout: 'row-major',
    featureNames: schema.featureNames,
    categoricalFeatures: CATEGORICAL_FEATURES.filter((name) => schema.featureNames.includes(name)),
    labels: Uint8Array.from(examples, (example) => example.label),
  });
  const seed = options.seed ?? 1;
  const params = { numTrees: options.numTrees ?? 20, numLeaves: 15, learningRate: 0.2, minDataInLeaf: 10, seed };
  const { model: trees } = trainGbdt({ train: dataset, params });
  const exported = await exportOnnx(trees, dataset, { score: scoreInOnnxRuntime });

  const run = await registry.createRun({ experiment: `${model}-tests`, params });
  await registry.finishRun(run.id);
  const version = (await registry.listVersions(model).catch(() => [])).length + 1;
  const prefix = modelArtifactPrefix(model, version);
  const artifactUri = `s3://storage/${prefix}`;
  const times = options.events.map((event) => event.event_time_ms);
  const manifest: ModelManifest = {
    format: MODEL_MANIFEST_FORMAT,
    formatVersion: MODEL_MANIFEST_FORMAT_VERSION,
    model,
    version,
    runId: run.id,
    createdAt: new Date().toISOString(),
    featureNames: schema.featureNames,
    vocabularies: schema.vocabularies as Record<string, string[]>,
    onnx: {
      file: MODEL_ONNX_FILE,
      inputName: exported.metadata.inputName,
      probabilityOutput: exported.metadata.probabilityOutput,
      opset: exported.metadata.opset,
      verification: {
        rows: exported.metadata.verification.rows,
        maxAbsDifference: exported.metadata.verification.maxAbsDifference,
        tolerance: exported.metadata.verification.tolerance,
      },
    },
    exampleMode: 'first-view',
    metrics: {},
    threshold: 0.5,
    data: {
      from: new Date(Math.min(...times)).toISOString(),
      to: new Date(Math.max(...times)).toISOString(),
      examples: { train: examples.length, validation: 0, test: 0 },
      positiveRate: examples.filter((example) => example.label === 1).length / Math.max(examples.length, 1),
    },
    params,
    codeVersion: 'test',
    referenceHistograms: referenceHistogramsOf(rows, schema),
  };
  const onnx = options.corruptOnnx ? Buffer.from('this is not an ONNX model') : Buffer.from(exported.bytes);
  await lake.put({ bucket: 'storage', key: `${prefix}${MODEL_ONNX_FILE}`, body: onnx, contentType: 'application/octet-stream' });
  await lake.put({ bucket: 'storage', key: `${prefix}${MODEL_MANIFEST_FILE}`, body: Buffer.from(JSON.stringify(manifest)), contentType: 'application/json' });
  const registered = await registry.registerVersion({ model, artifactUri, runId: run.id, featureSchema: { features: schema.featureNames } });
  if (registered.version !== version) throw new Error(`registered ${model} v${registered.version}, expected v${version}: another writer registered meanwhile`);
  if (options.promote !== false) await registry.setAlias(model, CHAMPION_ALIAS, version, { actor: 'tests', reason: 'test champion' });
  return { version, artifactUri, trees, schema, manifest };
}

/** libs/ml's own probability for the vector serving builds from these records: what an answer must equal. */
export function trainerProbability(champion: TestChampion, records: EntityRecords): number {
  const dataset = createDataset({
    values: encodeRows([snapshot(records)], champion.schema),
    layout: 'row-major',
    featureNames: champion.schema.featureNames,
    categoricalFeatures: CATEGORICAL_FEATURES.filter((name) => champion.schema.featureNames.includes(name)),
  });
  return predictProbabilities(champion.trees, dataset)[0] as number;
}

/** ONNX Runtime as libs/ml's export check runs it (libs/ml holds no runtime). */
async function scoreInOnnxRuntime(bytes: Uint8Array, features: Float32Array, numRows: number, numFeatures: number): Promise<Float32Array> {
  const session = await InferenceSession.create(bytes);
  try {
    const output = await session.run({ [ONNX_INPUT_NAME]: new Tensor('float32', features, [numRows, numFeatures]) });
    return output[ONNX_PROBABILITY_OUTPUT]?.data as Float32Array;
  } finally {
    await session.release();
  }
}
