import { Dataset, FloatMatrix, LabelVector, TrialDatasets } from '@platform/ml';
import { ArtifactStoreError } from '../../errors/artifact-write-failed.error';

const MAGIC = 'PTDS1';
type ArrayKind = 'f32' | 'f64' | 'u8';

interface ArrayRef {
  readonly kind: ArrayKind;
  readonly offset: number;
  readonly length: number;
}

interface DatasetHeader {
  readonly layout: Dataset['layout'];
  readonly numRows: number;
  readonly featureNames: readonly string[];
  readonly categoricalFeatures: readonly number[];
  readonly values: ArrayRef;
  readonly labels?: ArrayRef;
}

/**
 * A train/validation pair as one binary object: `PTDS1`, a 4-byte header length, the JSON
 * header, then the typed arrays' raw bytes (little-endian, 8-byte aligned), so a worker gets
 * its arrays back without parsing numbers.
 */
export function encodeTrialDatasets(datasets: TrialDatasets): Buffer {
  const blobs: Uint8Array[] = [];
  let offset = 0;
  const place = (array: FloatMatrix | LabelVector): ArrayRef => {
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    const ref = { kind: kindOf(array), offset, length: array.length };
    blobs.push(bytes);
    const padded = Math.ceil(bytes.byteLength / 8) * 8;
    if (padded > bytes.byteLength) blobs.push(new Uint8Array(padded - bytes.byteLength));
    offset += padded;
    return ref;
  };
  const describe = (dataset: Dataset): DatasetHeader => ({
    layout: dataset.layout,
    numRows: dataset.numRows,
    featureNames: dataset.featureNames,
    categoricalFeatures: dataset.categoricalFeatures,
    values: place(dataset.values),
    ...(dataset.labels ? { labels: place(dataset.labels) } : {}),
  });
  const header = Buffer.from(JSON.stringify({ train: describe(datasets.train), validation: describe(datasets.validation) }));
  const prefix = Buffer.alloc(Math.ceil((MAGIC.length + 4 + header.byteLength) / 8) * 8);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(header.byteLength, MAGIC.length);
  header.copy(prefix, MAGIC.length + 4);
  return Buffer.concat([prefix, ...blobs]);
}

export function decodeTrialDatasets(bytes: Buffer): TrialDatasets {
  if (bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) throw corrupt('it does not start with PTDS1');
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const start = MAGIC.length + 4;
  if (start + headerLength > bytes.byteLength) throw corrupt('its header runs past its end');
  const header = JSON.parse(bytes.toString('utf8', start, start + headerLength)) as { train: DatasetHeader; validation: DatasetHeader };
  const body = Math.ceil((start + headerLength) / 8) * 8;
  // One aligned copy: a Buffer from the network need not start on an 8-byte boundary.
  const data = new Uint8Array(bytes.byteLength - body);
  data.set(bytes.subarray(body));
  const view = (ref: ArrayRef): FloatMatrix | LabelVector => {
    const Ctor = ref.kind === 'f32' ? Float32Array : ref.kind === 'f64' ? Float64Array : Uint8Array;
    if (ref.offset + ref.length * Ctor.BYTES_PER_ELEMENT > data.byteLength) throw corrupt('an array runs past its end');
    return new Ctor(data.buffer, ref.offset, ref.length);
  };
  const restore = (part: DatasetHeader): Dataset => ({
    layout: part.layout,
    numRows: part.numRows,
    featureNames: part.featureNames,
    categoricalFeatures: part.categoricalFeatures,
    values: view(part.values) as FloatMatrix,
    ...(part.labels ? { labels: view(part.labels) } : {}),
  });
  return { train: restore(header.train), validation: restore(header.validation) };
}

function kindOf(array: FloatMatrix | LabelVector): ArrayKind {
  if (array instanceof Float32Array) return 'f32';
  if (array instanceof Float64Array) return 'f64';
  return 'u8';
}

function corrupt(why: string): ArtifactStoreError {
  return new ArtifactStoreError(`the search's dataset.bin is not a dataset this trainer wrote (${why}): start the training again`, false);
}
