import { PlatformError } from '@platform/common';

export enum OnlineStoreErrorCode {
  InvalidUpdate = 'ONLINE_STORE_INVALID_UPDATE',
  InvalidRead = 'ONLINE_STORE_INVALID_READ',
  WrongType = 'ONLINE_STORE_WRONG_TYPE',
  Unavailable = 'ONLINE_STORE_UNAVAILABLE',
  Unknown = 'ONLINE_STORE_UNKNOWN',
}

/** Base of every online store error: `retriable` says whether trying again later may succeed. */
export class OnlineStoreError extends PlatformError<OnlineStoreErrorCode> {}
