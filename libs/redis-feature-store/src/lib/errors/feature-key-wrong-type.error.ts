import { OnlineStoreError, OnlineStoreErrorCode } from './online-store.error';

/** A feature key holds something other than a hash; the group was refused before any write. */
export class FeatureKeyWrongTypeError extends OnlineStoreError {
  constructor(
    readonly key: string,
    readonly actualType: string,
  ) {
    super(`Feature key ${key} holds a ${actualType}, not a hash`, OnlineStoreErrorCode.WrongType, false);
  }
}
