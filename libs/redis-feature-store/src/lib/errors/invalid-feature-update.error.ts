import { OnlineStoreError, OnlineStoreErrorCode } from './online-store.error';

/** A batch the store refuses before touching anything; `path` names the bad value. */
export class InvalidFeatureUpdateError extends OnlineStoreError {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`Invalid feature update at ${path}: ${reason}`, OnlineStoreErrorCode.InvalidUpdate, false);
  }
}
