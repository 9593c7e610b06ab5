import { isConnectionFailure } from '@platform/common';
import { FeatureKeyWrongTypeError } from '../../errors/feature-key-wrong-type.error';
import { OnlineStoreError, OnlineStoreErrorCode } from '../../errors/online-store.error';
import { OnlineStoreUnavailableError } from '../../errors/online-store-unavailable.error';

/** Redis's own "not now" answers (loading, busy script, cluster resharding) and ioredis's closed stream. */
const REDIS_NOT_NOW = /Stream isn't writeable|LOADING|BUSY|TRYAGAIN|CLUSTERDOWN/;

/** Translates what ioredis throws into the store's errors. */
export function mapRedisError(error: unknown, operation: string): OnlineStoreError {
  if (error instanceof OnlineStoreError) return error;
  const { name = '', message = String(error) } = (error ?? {}) as { name?: string; message?: string };
  const [, type, key] = /FEATURE_WRONG_TYPE (\S+) (.+)$/.exec(message) ?? [];
  if (type !== undefined && key !== undefined) return new FeatureKeyWrongTypeError(key, type);
  const text = `Online store ${operation} failed: ${message}`;
  if (name === 'MaxRetriesPerRequestError' || isConnectionFailure(error) || REDIS_NOT_NOW.test(message)) {
    return new OnlineStoreUnavailableError(text, { cause: error });
  }
  return new OnlineStoreError(text, OnlineStoreErrorCode.Unknown, false, { cause: error });
}
