import { PlatformError } from '@platform/common';

export enum LakeErrorCode {
  ObjectNotFound = 'LAKE_OBJECT_NOT_FOUND',
  BucketNotFound = 'LAKE_BUCKET_NOT_FOUND',
  InvalidKey = 'LAKE_INVALID_KEY',
  InvalidBucket = 'LAKE_INVALID_BUCKET',
  InvalidArgument = 'LAKE_INVALID_ARGUMENT',
  KeyConflict = 'LAKE_KEY_CONFLICT',
  Unavailable = 'LAKE_UNAVAILABLE',
  Unknown = 'LAKE_UNKNOWN',
}

/** Base of every lake error: `retriable` says whether trying again later may succeed. */
export class LakeError extends PlatformError<LakeErrorCode> {}
