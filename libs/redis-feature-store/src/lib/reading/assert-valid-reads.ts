import { InvalidFeatureReadError } from '../errors/invalid-feature-read.error';
import { RecordRead } from './record-read';

/** A followed read must point back at a plain key read earlier in the same call. */
export function assertValidReads(reads: readonly RecordRead[]): void {
  reads.forEach((read, index) => {
    if (typeof read === 'string') return;
    if (!Number.isInteger(read.via) || read.via < 0 || read.via >= index || typeof reads[read.via] !== 'string') {
      throw new InvalidFeatureReadError(`reads[${index}].via`, `expected the index of an earlier plain key read, got ${read.via}`);
    }
  });
}
