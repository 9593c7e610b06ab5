import { MlErrorCode } from './ml-error-code.enum';

/**
 * The one error type of libs/ml. Nothing here is retriable: every cause is bad input or a
 * defect, so the flag exists only to match the house convention for errors at the edges.
 */
export class MlException extends Error {
  readonly retriable = false;

  constructor(
    readonly code: MlErrorCode,
    message: string,
    readonly context: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'MlException';
  }
}
