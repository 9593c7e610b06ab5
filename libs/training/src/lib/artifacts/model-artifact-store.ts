import {
  MODEL_ARTIFACT_BUCKET,
  MODEL_MANIFEST_FILE,
  MODEL_ONNX_FILE,
  ModelManifest,
  modelArtifactPrefix,
  parseModelArtifactUri,
  parseModelManifest,
} from '@platform/model-registry';
import { Lake, LakeError } from '@platform/s3-lake';
import { ArtifactStoreError } from '../errors/artifact-write-failed.error';

/** A bound on what is read back, so a wrong file cannot fill the memory. */
const MAX_ARTIFACT_BYTES = 512 * 1024 * 1024;

export interface ModelArtifacts {
  readonly manifest: ModelManifest;
  readonly onnx: Uint8Array;
}

/** A version's files in the `storage` bucket: `models/<name>/<version>/{model.onnx,model.json}`. */
export class ModelArtifactStore {
  constructor(private readonly lake: Lake) {}

  /** Writes the ONNX file, then the manifest: a reader that finds model.json finds its model too. */
  async write(manifest: ModelManifest, onnx: Uint8Array): Promise<void> {
    const prefix = modelArtifactPrefix(manifest.model, manifest.version);
    try {
      await this.lake.put({ bucket: MODEL_ARTIFACT_BUCKET, key: `${prefix}${manifest.onnx.file}`, body: Buffer.from(onnx), contentType: 'application/octet-stream' });
      await this.lake.put({
        bucket: MODEL_ARTIFACT_BUCKET,
        key: `${prefix}${MODEL_MANIFEST_FILE}`,
        body: Buffer.from(JSON.stringify(manifest, null, 1)),
        contentType: 'application/json',
      });
    } catch (error) {
      throw new ArtifactStoreError(`cannot write the artifacts of ${manifest.model} v${manifest.version}: ${(error as Error).message}`, isRetriable(error), {
        cause: error,
      });
    }
  }

  /** Reads a version's manifest and ONNX bytes by the artifact URI the registry holds. */
  async read(artifactUri: string): Promise<ModelArtifacts> {
    const folder = parseModelArtifactUri(artifactUri);
    if (!folder) throw new ArtifactStoreError(`artifact URI ${JSON.stringify(artifactUri)}: expected s3://<bucket>/<folder>/`, false);
    const manifestText = Buffer.from(await this.readBytes(folder.bucket, `${folder.prefix}${MODEL_MANIFEST_FILE}`)).toString('utf8');
    let manifest: ModelManifest;
    try {
      manifest = parseModelManifest(manifestText);
    } catch (error) {
      throw new ArtifactStoreError(`${artifactUri}: ${(error as Error).message}`, false, { cause: error });
    }
    return { manifest, onnx: await this.readBytes(folder.bucket, `${folder.prefix}${manifest.onnx.file ?? MODEL_ONNX_FILE}`) };
  }

  private async readBytes(bucket: string, key: string): Promise<Uint8Array> {
    try {
      const object = await this.lake.get({ bucket, key });
      if (object.size > MAX_ARTIFACT_BYTES) {
        object.body.destroy();
        throw new ArtifactStoreError(`${bucket}/${key} has ${object.size} bytes, more than ${MAX_ARTIFACT_BYTES}`, false);
      }
      const chunks: Buffer[] = [];
      for await (const chunk of object.body) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    } catch (error) {
      if (error instanceof ArtifactStoreError) throw error;
      throw new ArtifactStoreError(`cannot read ${bucket}/${key}: ${(error as Error).message}`, isRetriable(error), { cause: error });
    }
  }
}

function isRetriable(error: unknown): boolean {
  return error instanceof LakeError && error.retriable;
}
