import { PlatformError } from '@platform/common';
import { MlErrorCode } from './ml-error-code.enum';

/**
 * The one error type of libs/ml. Nothing here is retriable: every cause is bad input or a defect.
 */
export class MlException extends PlatformError<MlErrorCode> {
  constructor(
    code: MlErrorCode,
    message: string,
    readonly context: Readonly<Record<string, unknown>> = {},
  ) {
    super(message, code, false);
  }
}
