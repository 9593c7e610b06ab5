import { FEATURE_NAMES, snapshot } from '@platform/features';
import { ModelManifest } from '@platform/model-registry';
import { Lake } from '@platform/s3-lake';
import { InferenceSession } from 'onnxruntime-node';
import { DriftWindow } from '../drift/drift-window';
import { ModelLoadError } from '../errors/model-load.error';
import { LoadedModel } from './loaded-model';
import { readModelArtifacts } from './model-artifacts';

/** What the registry says about the version to load. */
export interface ModelVersionRef {
  model: string;
  version: number;
  artifactUri: string;
}

const KNOWN_FEATURES = new Set<string>(FEATURE_NAMES);

/**
 * Turns a registry version into a `LoadedModel`, or throws `ModelLoadError` saying at which stage
 * it failed: artifacts, manifest (it must describe this very version and only features this
 * server computes), runtime (ONNX Runtime refuses the file), warm-up (a prediction on the vector
 * of an unknown entity must give a probability).
 */
export class ModelLoader {
  constructor(
    private readonly lake: Lake,
    private readonly driftWindow: number,
  ) {}

  async load(ref: ModelVersionRef): Promise<LoadedModel> {
    const { manifest, onnx } = await readModelArtifacts(this.lake, ref.artifactUri);
    checkManifest(manifest, ref);
    let session: InferenceSession;
    try {
      session = await InferenceSession.create(onnx, { intraOpNumThreads: 1, interOpNumThreads: 1 });
    } catch (error) {
      throw new ModelLoadError('runtime', `ONNX Runtime cannot load ${ref.model} v${ref.version}: ${(error as Error).message}`, false, { cause: error });
    }
    const model = new LoadedModel(manifest, session, new DriftWindow(manifest, this.driftWindow));
    try {
      await warmUp(model, ref);
    } catch (error) {
      await model.close();
      throw error;
    }
    return model;
  }
}

function checkManifest(manifest: ModelManifest, ref: ModelVersionRef): void {
  const problem =
    manifest.model !== ref.model || manifest.version !== ref.version
      ? `model.json describes ${manifest.model} v${manifest.version}, not ${ref.model} v${ref.version}`
      : manifest.featureNames.find((name) => !KNOWN_FEATURES.has(name)) !== undefined
        ? `model.json wants feature ${manifest.featureNames.find((name) => !KNOWN_FEATURES.has(name))}, which this server does not compute`
        : undefined;
  if (problem) throw new ModelLoadError('manifest', `${ref.artifactUri}: ${problem}`, false);
}

async function warmUp(model: LoadedModel, ref: ModelVersionRef): Promise<void> {
  const input = new Float32Array(model.encoder.width);
  model.encoder.encodeInto(snapshot({ triple: null, session: null, user: null, product: null }), input, 0);
  let probability: number | undefined;
  try {
    probability = (await model.score(input, 1))[0];
  } catch (error) {
    throw new ModelLoadError('warmup', `${ref.model} v${ref.version} failed its warm-up prediction: ${(error as Error).message}`, false, { cause: error });
  }
  if (probability === undefined || !(probability >= 0 && probability <= 1)) {
    throw new ModelLoadError('warmup', `${ref.model} v${ref.version} gave ${probability} on its warm-up prediction, not a probability`, false);
  }
}
