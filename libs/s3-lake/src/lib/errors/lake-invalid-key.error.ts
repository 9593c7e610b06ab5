import { LakeError, LakeErrorCode } from './lake.error';

export class LakeInvalidKeyError extends LakeError {
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`Invalid object key ${JSON.stringify(key)}: ${reason}`, LakeErrorCode.InvalidKey, false);
  }
}
