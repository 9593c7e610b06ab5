/** Why a reprocessing request was refused; `status` is its HTTP answer. */
export type ReprocessRefusal = 'INVALID_REQUEST' | 'OBJECT_NOT_FOUND' | 'ALREADY_PROCESSED';

const STATUS: Record<ReprocessRefusal, number> = { INVALID_REQUEST: 400, OBJECT_NOT_FOUND: 404, ALREADY_PROCESSED: 409 };

export class ReprocessRefusedError extends Error {
  readonly retriable = false;
  readonly status: number;

  constructor(
    readonly code: ReprocessRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'ReprocessRefusedError';
    this.status = STATUS[code];
  }
}
