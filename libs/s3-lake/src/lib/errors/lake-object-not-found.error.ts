import { LakeError, LakeErrorCode } from './lake.error';

export class LakeObjectNotFoundError extends LakeError {
  constructor(
    readonly bucket: string,
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(`No object ${JSON.stringify(key)} in bucket ${bucket}`, LakeErrorCode.ObjectNotFound, false, options);
  }
}
