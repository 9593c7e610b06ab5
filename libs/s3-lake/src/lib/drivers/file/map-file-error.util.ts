import { LakeError, LakeErrorCode } from '../../errors/lake.error';
import { LakeUnavailableError } from '../../errors/lake-unavailable.error';

const TRANSIENT = new Set(['EMFILE', 'ENFILE', 'EAGAIN', 'EBUSY', 'ENOSPC', 'EINTR']);

/** A filesystem failure the driver did not translate itself, as a `LakeError`. */
export function mapFileError(error: unknown, operation: string, where: string): LakeError {
  if (error instanceof LakeError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const message = `Lake ${operation} ${where} failed: ${(error as Error).message}`;
  return TRANSIENT.has(code)
    ? new LakeUnavailableError(message, { cause: error })
    : new LakeError(message, LakeErrorCode.Unknown, false, { cause: error });
}

export function hasErrorCode(error: unknown, ...codes: string[]): boolean {
  return codes.includes((error as NodeJS.ErrnoException).code ?? '');
}
