import { OnlineStoreError, OnlineStoreErrorCode } from './online-store.error';

/** Redis did not answer (connection refused, reset, timed out): worth retrying. */
export class OnlineStoreUnavailableError extends OnlineStoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, OnlineStoreErrorCode.Unavailable, true, options);
  }
}
