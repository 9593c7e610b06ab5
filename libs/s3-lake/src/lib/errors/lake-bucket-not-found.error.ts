import { LakeError, LakeErrorCode } from './lake.error';

export class LakeBucketNotFoundError extends LakeError {
  constructor(
    readonly bucket: string,
    options?: { cause?: unknown },
  ) {
    super(`No bucket ${bucket} (ensureBuckets() creates the lake's buckets)`, LakeErrorCode.BucketNotFound, false, options);
  }
}
