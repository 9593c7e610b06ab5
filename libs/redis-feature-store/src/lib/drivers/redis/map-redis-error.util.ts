import { FeatureKeyWrongTypeError } from '../../errors/feature-key-wrong-type.error';
import { OnlineStoreError, OnlineStoreErrorCode } from '../../errors/online-store.error';
import { OnlineStoreUnavailableError } from '../../errors/online-store-unavailable.error';

const CONNECTION_FAILURE = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH|Connection is closed|Stream isn't writeable|LOADING|BUSY|TRYAGAIN|CLUSTERDOWN/;

/** Translates what ioredis throws into the store's errors. */
export function mapRedisError(error: unknown, operation: string): OnlineStoreError {
  if (error instanceof OnlineStoreError) return error;
  const { name = '', message = String(error) } = (error ?? {}) as { name?: string; message?: string };
  const wrongType = /FEATURE_WRONG_TYPE (\S+) (.+)$/.exec(message);
  if (wrongType) return new FeatureKeyWrongTypeError(wrongType[2], wrongType[1]);
  const text = `Online store ${operation} failed: ${message}`;
  if (name === 'MaxRetriesPerRequestError' || CONNECTION_FAILURE.test(message)) {
    return new OnlineStoreUnavailableError(text, { cause: error });
  }
  return new OnlineStoreError(text, OnlineStoreErrorCode.Unknown, false, { cause: error });
}
