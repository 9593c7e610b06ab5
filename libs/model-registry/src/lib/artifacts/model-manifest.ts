import { z } from 'zod';

/**
 * `model.json`, written by the trainer beside `model.onnx` and read by the inference API
 * (DESIGN.md section 7). It says everything needed to feed the ONNX model and to watch it:
 * feature names in input order, vocabularies of the categorical features, the ONNX input and
 * output names, the metrics, the data it was trained on, and a reference histogram per feature
 * for drift (population stability index).
 */
export const MODEL_MANIFEST_FORMAT = 'platform-model-manifest';
export const MODEL_MANIFEST_FORMAT_VERSION = 1;

/** The lake bucket that holds model artifacts (DESIGN.md section 4). */
export const MODEL_ARTIFACT_BUCKET = 'storage';

/** The artifacts of one version live under this prefix of the `storage` bucket. */
export function modelArtifactPrefix(model: string, version: number): string {
  return `models/${model}/${version}/`;
}

/**
 * What the registry holds as a version's `artifactUri` (and `model.promoted` carries): the
 * version's folder, `s3://storage/models/<name>/<version>/`. Its host is the logical bucket; the
 * lake adds a deployment's bucket prefix.
 */
export function modelArtifactUri(model: string, version: number): string {
  return `s3://${MODEL_ARTIFACT_BUCKET}/${modelArtifactPrefix(model, version)}`;
}

/**
 * The lake folder an artifact URI names: `s3://storage/models/m/3/` (or `.../3`, or a file in it,
 * `.../3/model.onnx`) → `{ bucket: 'storage', prefix: 'models/m/3/' }`; undefined when it is no URI.
 */
export function parseModelArtifactUri(artifactUri: string): { bucket: string; prefix: string } | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/]+)\/(.*)$/.exec(artifactUri);
  if (!match) return undefined;
  const bucket = match[1] as string;
  const key = match[2] as string;
  const last = key.slice(key.lastIndexOf('/') + 1);
  const prefix = last === '' ? key : /\.(onnx|json)$/.test(last) ? key.slice(0, key.length - last.length) : `${key}/`;
  return { bucket, prefix };
}
export const MODEL_ONNX_FILE = 'model.onnx';
export const MODEL_MANIFEST_FILE = 'model.json';

/**
 * Numeric feature: `edges` ascending; bin i holds values v with edges[i-1] < v <= edges[i]
 * (bin 0 is v <= edges[0], the last bin v > edges[last]), so `fractions` has edges.length + 1
 * entries. Missing values (NaN) are counted apart in `missingFraction`. Fractions of the
 * training rows; all fractions and `missingFraction` sum to 1.
 */
const numericHistogramSchema = z.object({
  kind: z.literal('numeric'),
  edges: z.array(z.number()),
  fractions: z.array(z.number().min(0).max(1)),
  missingFraction: z.number().min(0).max(1),
});

/**
 * Categorical feature: one fraction per vocabulary code (the manifest's vocabulary order), then
 * one for values outside the vocabulary; missing values (null) apart in `missingFraction`.
 */
const categoricalHistogramSchema = z.object({
  kind: z.literal('categorical'),
  fractions: z.array(z.number().min(0).max(1)),
  missingFraction: z.number().min(0).max(1),
});

const referenceHistogramSchema = z.discriminatedUnion('kind', [numericHistogramSchema, categoricalHistogramSchema]);
export type ReferenceHistogram = z.output<typeof referenceHistogramSchema>;

const modelManifestSchema = z.object({
  format: z.literal(MODEL_MANIFEST_FORMAT),
  formatVersion: z.literal(MODEL_MANIFEST_FORMAT_VERSION),
  model: z.string().min(1),
  version: z.number().int().positive(),
  /** The registry run of the final fit. */
  runId: z.string().min(1),
  createdAt: z.string().datetime(),
  /** Feature names in the ONNX input's column order (libs/features `FEATURE_NAMES` or a subset). */
  featureNames: z.array(z.string().min(1)).min(1),
  /** Category value → code is its index; values not listed encode as missing (NaN). */
  vocabularies: z.record(z.string(), z.array(z.string())),
  onnx: z.object({
    file: z.string().min(1),
    /** Float32 input [N, featureNames.length]. */
    inputName: z.string().min(1),
    /** Float32 output [N, 1]: probability of a purchase. */
    probabilityOutput: z.string().min(1),
    opset: z.object({ onnx: z.number().int(), onnxMl: z.number().int() }),
    /** How the ONNX model was checked against the trainer's own predictions. */
    verification: z.object({ rows: z.number().int(), maxAbsDifference: z.number(), tolerance: z.number() }),
  }),
  /** `first-view` or `cart` (libs/features `ExampleMode`). */
  exampleMode: z.string().min(1),
  /** Test-set metrics of the final fit: roc_auc, pr_auc, log_loss, f1, threshold, ... */
  metrics: z.record(z.string(), z.number()),
  /** The probability above which the model's F1 on the test set is best. */
  threshold: z.number().min(0).max(1),
  /** Event-time range of the training data (ISO 8601) and example counts per split. */
  data: z.object({
    from: z.string().datetime(),
    to: z.string().datetime(),
    examples: z.object({ train: z.number().int(), validation: z.number().int(), test: z.number().int() }),
    positiveRate: z.number().min(0).max(1),
  }),
  params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  codeVersion: z.string(),
  /** Per feature name, its distribution over the training rows (drift reference). */
  referenceHistograms: z.record(z.string(), referenceHistogramSchema),
});

export type ModelManifest = z.output<typeof modelManifestSchema>;

/** Reads and checks `model.json`; the error names the first field that is wrong. */
export function parseModelManifest(json: string | unknown): ModelManifest {
  const raw = typeof json === 'string' ? (JSON.parse(json) as unknown) : json;
  const result = modelManifestSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`model.json is invalid at ${issue ? issue.path.join('.') || '(root)' : '(root)'}: ${issue?.message ?? 'unknown'}`);
  }
  const manifest = result.data;
  for (const name of Object.keys(manifest.referenceHistograms)) {
    if (!manifest.featureNames.includes(name)) throw new Error(`model.json: reference histogram for unknown feature ${name}`);
  }
  return manifest;
}
