import { normaliseETag } from './lake-object-id';

describe('normaliseETag', () => {
  it('strips the quotes S3 and MinIO put around eTags, weak ones included', () => {
    expect(normaliseETag('"9e107d9d372bb6826bd81d3542a419d6"')).toBe('9e107d9d372bb6826bd81d3542a419d6');
    expect(normaliseETag('W/"9e107d9d"')).toBe('9e107d9d');
    expect(normaliseETag('"d41d8cd9-2"')).toBe('d41d8cd9-2');
  });

  it('leaves a bare eTag as it is, and makes a missing one empty', () => {
    expect(normaliseETag('9e107d9d')).toBe('9e107d9d');
    expect(normaliseETag(undefined)).toBe('');
  });
});
