import { LakeError, LakeErrorCode } from './lake.error';

/** A bucket name, page size or other parameter the lake cannot accept. */
export class LakeInvalidArgumentError extends LakeError {
  constructor(
    readonly argument: string,
    reason: string,
    code: LakeErrorCode.InvalidArgument | LakeErrorCode.InvalidBucket = LakeErrorCode.InvalidArgument,
  ) {
    super(`Invalid ${argument}: ${reason}`, code, false);
  }
}
