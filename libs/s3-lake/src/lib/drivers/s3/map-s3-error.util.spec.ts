import { LakeBucketNotFoundError } from '../../errors/lake-bucket-not-found.error';
import { LakeObjectNotFoundError } from '../../errors/lake-object-not-found.error';
import { LakeUnavailableError } from '../../errors/lake-unavailable.error';
import { LakeError } from '../../errors/lake.error';
import { createS3Client } from './create-s3-client.util';
import { mapS3Error } from './map-s3-error.util';
import { S3Lake } from './s3-lake.driver';

describe('mapS3Error', () => {
  const context = { operation: 'get', bucket: 'b', key: 'k' };

  it('maps missing keys and buckets to their errors', () => {
    expect(mapS3Error({ name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } }, context)).toBeInstanceOf(LakeObjectNotFoundError);
    expect(mapS3Error({ name: 'NotFound', $metadata: { httpStatusCode: 404 } }, context)).toMatchObject({ bucket: 'b', key: 'k' });
    expect(mapS3Error({ name: 'NoSuchBucket', $metadata: { httpStatusCode: 404 } }, context)).toBeInstanceOf(LakeBucketNotFoundError);
  });

  it('marks server errors, throttling and network failures retriable, and the rest not', () => {
    for (const error of [
      { name: 'InternalError', $metadata: { httpStatusCode: 500 } },
      { name: 'SlowDown', $metadata: { httpStatusCode: 503 } },
      { name: 'Unknown', $metadata: { httpStatusCode: 429 } },
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      new Error('AWS SDK error wrapper for Error: read ECONNRESET'),
    ]) {
      expect(mapS3Error(error, context)).toBeInstanceOf(LakeUnavailableError);
    }
    const denied = mapS3Error({ name: 'AccessDenied', message: 'Access Denied', $metadata: { httpStatusCode: 403 } }, context);
    expect(denied).toBeInstanceOf(LakeError);
    expect(denied).toMatchObject({ retriable: false, code: 'LAKE_UNKNOWN' });
    expect(denied.message).toBe('Lake get b/k failed: AccessDenied: Access Denied');
  });

  it('reports an S3 endpoint that does not answer as a retriable LakeUnavailableError', async () => {
    const lake = new S3Lake({
      client: createS3Client({ kind: 's3', endpoint: 'http://127.0.0.1:1', region: 'us-east-1', accessKeyId: 'a', secretAccessKey: 'b' }),
    });
    const error = await lake.head({ bucket: 'bronze', key: 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LakeUnavailableError);
    expect(error).toMatchObject({ retriable: true, code: 'LAKE_UNAVAILABLE' });
    await lake.close();
  });
});
