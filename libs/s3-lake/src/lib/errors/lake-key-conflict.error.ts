import { LakeError, LakeErrorCode } from './lake.error';

/**
 * Key `a` and keys under `a/` cannot both exist where keys are paths (the filesystem driver,
 * MinIO and S3Proxy's filesystem backend alike).
 */
export class LakeKeyConflictError extends LakeError {
  constructor(
    readonly bucket: string,
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Object key ${JSON.stringify(key)} in bucket ${bucket} conflicts with an existing object or folder (a key cannot be both "a" and a prefix "a/")`,
      LakeErrorCode.KeyConflict,
      false,
      options,
    );
  }
}
