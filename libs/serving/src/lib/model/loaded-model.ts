import { createRowEncoder, FeatureName, RowEncoder } from '@platform/features';
import { ModelManifest } from '@platform/model-registry';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { DriftWindow } from '../drift/drift-window';

/**
 * One model version ready to score: its ONNX Runtime session, the encoder built from its
 * vocabularies, and the drift window of the vectors it served. Requests hold it while they use it
 * (`acquire`/`release`), so a swap never releases a session under a running request.
 */
export class LoadedModel {
  readonly name: string;
  readonly version: number;
  readonly encoder: RowEncoder;
  private users = 0;
  private retired = false;
  private released = false;

  constructor(
    readonly manifest: ModelManifest,
    private readonly session: InferenceSession,
    readonly drift: DriftWindow,
  ) {
    this.name = manifest.model;
    this.version = manifest.version;
    this.encoder = createRowEncoder({ featureNames: manifest.featureNames as FeatureName[], vocabularies: manifest.vocabularies });
  }

  /** Probabilities of `rows` vectors laid out row-major in `input` (the encoder's width each). */
  async score(input: Float32Array, rows: number): Promise<Float32Array> {
    const { inputName, probabilityOutput } = this.manifest.onnx;
    const tensor = new Tensor('float32', input, [rows, this.encoder.width]);
    const output = await this.session.run({ [inputName]: tensor }, [probabilityOutput]);
    return output[probabilityOutput]?.data as Float32Array;
  }

  acquire(): this {
    this.users++;
    return this;
  }

  release(): void {
    this.users--;
    if (this.retired && this.users === 0) void this.close();
  }

  /** No new requests will take it; the session goes once the last one in flight is done. */
  retire(): void {
    this.retired = true;
    if (this.users === 0) void this.close();
  }

  async close(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.session.release();
  }
}
