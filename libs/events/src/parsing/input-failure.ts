import { MalformedInputError } from '../errors/malformed-input.error';
import { TruncatedInputError } from '../errors/truncated-input.error';
import { DecodeFailure } from './decoded-chunks';

/** Turns a gzip failure into the typed object-level error, naming the last complete line. */
export function inputFailureAt(error: unknown, lastLine: number): unknown {
  if (!(error instanceof DecodeFailure)) return error;
  return error.truncated ? new TruncatedInputError(lastLine, error.message) : new MalformedInputError(lastLine + 1, error.message);
}
