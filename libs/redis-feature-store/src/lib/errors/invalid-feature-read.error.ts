import { OnlineStoreError, OnlineStoreErrorCode } from './online-store.error';

/** A read the store refuses before sending anything; `path` names the bad value. */
export class InvalidFeatureReadError extends OnlineStoreError {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`Invalid feature read at ${path}: ${reason}`, OnlineStoreErrorCode.InvalidRead, false);
  }
}
