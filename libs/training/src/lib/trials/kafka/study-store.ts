import { parseTreeEnsembleModel, serializeTreeEnsembleModel, TrialDatasets, TrialResult } from '@platform/ml';
import { MODEL_ARTIFACT_BUCKET } from '@platform/model-registry';
import { Lake, LakeError, LakeObjectNotFoundError } from '@platform/s3-lake';
import { ArtifactStoreError } from '../../errors/artifact-write-failed.error';
import { decodeTrialDatasets, encodeTrialDatasets } from './trial-datasets.codec';

/** A wrong or foreign object cannot fill the memory: the 1M-event dataset is ~100 MB. */
const MAX_DATASET_BYTES = 4 * 1024 * 1024 * 1024 - 1;
const MAX_RESULT_BYTES = 256 * 1024 * 1024;

/**
 * What a distributed search shares through the `storage` bucket, under `searches/<studyId>/`:
 * the encoded train/validation pair (written once by the coordinator, read once per worker),
 * each segment's result at `trials/<trialId>/to-<round>.json` (the next segment's checkpoint),
 * and the search state the coordinator resumes from. Keys are deterministic, so writing a
 * result again (a redelivered segment) replaces it with the same content.
 */
export class StudyStore {
  constructor(private readonly lake: Lake) {}

  static datasetUri(studyId: string): string {
    return `s3://${MODEL_ARTIFACT_BUCKET}/${studyFolder(studyId)}`;
  }

  /** The study id of a dataset URI this store wrote, or undefined for anything else. */
  static studyOf(datasetUri: string): string | undefined {
    const match = /^s3:\/\/([^/]+)\/searches\/([^/]+)\/$/.exec(datasetUri);
    return match && match[1] === MODEL_ARTIFACT_BUCKET ? match[2] : undefined;
  }

  /** Writes the dataset unless a resumed search already did. */
  async writeDataset(studyId: string, datasets: TrialDatasets): Promise<void> {
    const key = `${studyFolder(studyId)}dataset.bin`;
    if (await this.exists(key)) return;
    await this.put(key, encodeTrialDatasets(datasets), 'application/octet-stream');
  }

  async readDataset(studyId: string): Promise<TrialDatasets> {
    return decodeTrialDatasets(await this.read(`${studyFolder(studyId)}dataset.bin`, MAX_DATASET_BYTES));
  }

  async writeResult(studyId: string, toRound: number, result: TrialResult): Promise<void> {
    const { model, ...rest } = result;
    const text = `{"result":${JSON.stringify(rest, finiteOrString)},"model":${serializeTreeEnsembleModel(model)}}`;
    await this.put(resultKey(studyId, result.trialId, toRound), Buffer.from(text), 'application/json');
  }

  /** The result of the segment of `trialId` that ended at `toRound`; undefined when none was written. */
  async readResult(studyId: string, trialId: string, toRound: number): Promise<TrialResult | undefined> {
    const key = resultKey(studyId, trialId, toRound);
    let bytes: Buffer;
    try {
      bytes = await this.read(key, MAX_RESULT_BYTES);
    } catch (error) {
      if (error instanceof ArtifactStoreError && error.cause instanceof LakeObjectNotFoundError) return undefined;
      throw error;
    }
    const parsed = JSON.parse(bytes.toString('utf8'), (_key, value: unknown) => (value === 'NaN' ? NaN : value)) as {
      result: Omit<TrialResult, 'model'>;
      model: unknown;
    };
    return { ...parsed.result, model: parseTreeEnsembleModel(parsed.model) };
  }

  async writeSearchState(studyId: string, state: unknown): Promise<void> {
    await this.put(`${studyFolder(studyId)}search-state.json`, Buffer.from(JSON.stringify(state, finiteOrString)), 'application/json');
  }

  async readSearchState(studyId: string): Promise<unknown> {
    const key = `${studyFolder(studyId)}search-state.json`;
    if (!(await this.exists(key))) return undefined;
    return JSON.parse((await this.read(key, MAX_RESULT_BYTES)).toString('utf8'), (_key, value: unknown) => (value === 'NaN' ? NaN : value));
  }

  private async exists(key: string): Promise<boolean> {
    try {
      await this.lake.head({ bucket: MODEL_ARTIFACT_BUCKET, key });
      return true;
    } catch (error) {
      if (error instanceof LakeObjectNotFoundError) return false;
      throw storeError(`cannot look up ${MODEL_ARTIFACT_BUCKET}/${key}`, error);
    }
  }

  private async put(key: string, body: Buffer, contentType: string): Promise<void> {
    try {
      await this.lake.put({ bucket: MODEL_ARTIFACT_BUCKET, key, body, contentType });
    } catch (error) {
      throw storeError(`cannot write ${MODEL_ARTIFACT_BUCKET}/${key}`, error);
    }
  }

  private async read(key: string, maxBytes: number): Promise<Buffer> {
    try {
      const object = await this.lake.get({ bucket: MODEL_ARTIFACT_BUCKET, key });
      if (object.size > maxBytes) {
        object.body.destroy();
        throw new ArtifactStoreError(`${MODEL_ARTIFACT_BUCKET}/${key} has ${object.size} bytes, more than ${maxBytes}`, false);
      }
      const chunks: Buffer[] = [];
      for await (const chunk of object.body) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    } catch (error) {
      if (error instanceof ArtifactStoreError) throw error;
      throw storeError(`cannot read ${MODEL_ARTIFACT_BUCKET}/${key}`, error);
    }
  }
}

function studyFolder(studyId: string): string {
  return `searches/${studyId}/`;
}

function resultKey(studyId: string, trialId: string, toRound: number): string {
  return `${studyFolder(studyId)}trials/${trialId}/to-${toRound}.json`;
}

/** JSON writes NaN (a metric of a one-class validation set) as null: keep it readable. */
function finiteOrString(_key: string, value: unknown): unknown {
  return typeof value === 'number' && Number.isNaN(value) ? 'NaN' : value;
}

function storeError(message: string, error: unknown): ArtifactStoreError {
  return new ArtifactStoreError(`${message}: ${(error as Error).message}`, error instanceof LakeError && error.retriable, { cause: error });
}
