import { LakeError, LakeErrorCode } from './lake.error';

/** The lake did not answer, or answered with a server error: worth retrying. */
export class LakeUnavailableError extends LakeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, LakeErrorCode.Unavailable, true, options);
  }
}
