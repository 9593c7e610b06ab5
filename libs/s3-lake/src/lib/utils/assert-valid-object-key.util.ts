import { LakeInvalidKeyError } from '../errors/lake-invalid-key.error';

/** Prefix of the filesystem driver's temporary files; keys may not use it. */
export const TEMP_FILE_PREFIX = '.lake-tmp-';

const MAX_KEY_BYTES = 1024;
const MAX_SEGMENT_BYTES = 255;

/**
 * Portable key rules, enforced by both drivers so that a key that works on a laptop works on S3
 * and back: S3's 1024-byte limit, plus what a path needs (non-empty segments, no `.` or `..` that
 * would escape the bucket folder, no control characters, segments a filesystem can name).
 */
export function assertValidObjectKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new LakeInvalidKeyError(String(key), 'expected a non-empty string');
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) {
    throw new LakeInvalidKeyError(key, `longer than ${MAX_KEY_BYTES} bytes in UTF-8`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key)) throw new LakeInvalidKeyError(key, 'contains a control character');
  if (/[\ud800-\udfff]/.test(key.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) {
    throw new LakeInvalidKeyError(key, 'contains a lone UTF-16 surrogate (not valid UTF-8)');
  }
  for (const segment of key.split('/')) {
    if (segment === '') throw new LakeInvalidKeyError(key, 'has an empty path segment (leading, trailing or double "/")');
    if (segment === '.' || segment === '..') throw new LakeInvalidKeyError(key, `has a "${segment}" path segment`);
    if (segment.startsWith(TEMP_FILE_PREFIX)) {
      throw new LakeInvalidKeyError(key, `has a segment starting with the reserved "${TEMP_FILE_PREFIX}"`);
    }
    if (Buffer.byteLength(segment, 'utf8') > MAX_SEGMENT_BYTES) {
      throw new LakeInvalidKeyError(key, `has a path segment longer than ${MAX_SEGMENT_BYTES} bytes`);
    }
  }
}
