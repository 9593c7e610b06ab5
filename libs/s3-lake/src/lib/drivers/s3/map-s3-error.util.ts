import { isConnectionFailure } from '@platform/common';
import { LakeBucketNotFoundError } from '../../errors/lake-bucket-not-found.error';
import { LakeError, LakeErrorCode } from '../../errors/lake.error';
import { LakeKeyConflictError } from '../../errors/lake-key-conflict.error';
import { LakeObjectNotFoundError } from '../../errors/lake-object-not-found.error';
import { LakeUnavailableError } from '../../errors/lake-unavailable.error';

export interface S3ErrorContext {
  operation: string;
  bucket: string;
  key?: string;
}

const RETRIABLE_NAMES = new Set([
  'InternalError',
  'ServiceUnavailable',
  'SlowDown',
  'RequestTimeout',
  'RequestTimeTooSkewed',
  'Throttling',
  'ThrottlingException',
  'TimeoutError',
  'RequestTimeoutException',
]);

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

/** Translates what the AWS SDK throws into the lake's errors (the SDK has already retried). */
export function mapS3Error(error: unknown, { operation, bucket, key }: S3ErrorContext): LakeError {
  if (error instanceof LakeError) return error;
  const sdk = (error ?? {}) as SdkErrorShape;
  const status = sdk.$metadata?.httpStatusCode;
  const name = sdk.name ?? '';
  const where = key === undefined ? bucket : `${bucket}/${key}`;
  if (name === 'NoSuchBucket') return new LakeBucketNotFoundError(bucket, { cause: error });
  if (key !== undefined && (name === 'NoSuchKey' || name === 'NotFound' || status === 404)) {
    return new LakeObjectNotFoundError(bucket, key, { cause: error });
  }
  if (key !== undefined && (name === 'XMinioParentIsObject' || name === 'XMinioObjectExistsAsDirectory')) {
    return new LakeKeyConflictError(bucket, key, { cause: error });
  }
  const message = `Lake ${operation} ${where} failed: ${name ? `${name}: ` : ''}${sdk.message ?? String(error)}`;
  const retriable =
    RETRIABLE_NAMES.has(name) ||
    isConnectionFailure(error) ||
    Boolean(sdk.$retryable) ||
    (status !== undefined && (status >= 500 || status === 429)) ||
    (status === undefined && name !== '' && /network|socket|timeout/i.test(`${name} ${sdk.message ?? ''}`));
  return retriable
    ? new LakeUnavailableError(message, { cause: error })
    : new LakeError(message, LakeErrorCode.Unknown, false, { cause: error });
}
