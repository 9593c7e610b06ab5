import { PlatformError } from '@platform/common';

/** Why a reprocessing request was refused; `status` is its HTTP answer. */
export type ReprocessRefusal = 'INVALID_REQUEST' | 'OBJECT_NOT_FOUND' | 'ALREADY_PROCESSED';

const STATUS: Record<ReprocessRefusal, number> = { INVALID_REQUEST: 400, OBJECT_NOT_FOUND: 404, ALREADY_PROCESSED: 409 };

export class ReprocessRefusedError extends PlatformError<ReprocessRefusal> {
  readonly status: number;

  constructor(code: ReprocessRefusal, message: string) {
    super(message, code, false);
    this.status = STATUS[code];
  }
}
