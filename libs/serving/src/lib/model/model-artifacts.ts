import { MODEL_MANIFEST_FILE, ModelManifest, parseModelManifest } from '@platform/model-registry';
import { Lake, LakeError, LakeObjectLocation } from '@platform/s3-lake';
import { ModelLoadError } from '../errors/model-load.error';

/** Far above any model this platform trains: a bound, so a wrong file cannot fill the memory. */
const MAX_ONNX_BYTES = 512 * 1024 * 1024;
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

export interface ModelArtifacts {
  manifest: ModelManifest;
  onnx: Uint8Array;
}

/**
 * Reads a version's `model.json` and ONNX file from the lake. `artifactUri` is what the registry
 * holds: `s3://storage/models/<name>/<version>/` or the ONNX file in that folder; its host is the
 * logical bucket (the lake adds the deployment's prefix).
 */
export async function readModelArtifacts(lake: Lake, artifactUri: string): Promise<ModelArtifacts> {
  const folder = artifactFolderOf(artifactUri);
  const manifestBytes = await readBytes(lake, { bucket: folder.bucket, key: `${folder.prefix}${MODEL_MANIFEST_FILE}` }, MAX_MANIFEST_BYTES);
  let manifest: ModelManifest;
  try {
    manifest = parseModelManifest(Buffer.from(manifestBytes).toString('utf8'));
  } catch (error) {
    throw new ModelLoadError('manifest', `${artifactUri}: ${(error as Error).message}`, false, { cause: error });
  }
  const onnx = await readBytes(lake, { bucket: folder.bucket, key: `${folder.prefix}${manifest.onnx.file}` }, MAX_ONNX_BYTES);
  return { manifest, onnx };
}

function artifactFolderOf(artifactUri: string): { bucket: string; prefix: string } {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/]+)\/(.*)$/.exec(artifactUri);
  if (!match) throw new ModelLoadError('artifacts', `artifact URI ${JSON.stringify(artifactUri)}: expected s3://<bucket>/<folder>/`, false);
  const [, bucket, key] = match as unknown as [string, string, string];
  const lastSegment = key.slice(key.lastIndexOf('/') + 1);
  // `.../3/model.onnx` names a file in the folder; `.../3/` and `.../3` name the folder.
  const prefix = lastSegment === '' ? key : /\.(onnx|json)$/.test(lastSegment) ? key.slice(0, key.length - lastSegment.length) : `${key}/`;
  return { bucket, prefix };
}

async function readBytes(lake: Lake, ref: LakeObjectLocation, maxBytes: number): Promise<Uint8Array> {
  const where = `${ref.bucket}/${ref.key}`;
  try {
    const object = await lake.get(ref);
    if (object.size > maxBytes) {
      object.body.destroy();
      throw new ModelLoadError('artifacts', `${where} has ${object.size} bytes, more than ${maxBytes}`, false);
    }
    const chunks: Buffer[] = [];
    for await (const chunk of object.body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  } catch (error) {
    if (error instanceof ModelLoadError) throw error;
    const retriable = error instanceof LakeError && error.retriable;
    throw new ModelLoadError('artifacts', `cannot read ${where}: ${(error as Error).message}`, retriable, { cause: error });
  }
}
