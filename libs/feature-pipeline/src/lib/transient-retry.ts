import { setTimeout as delay } from 'node:timers/promises';

/** Errors that say a server is away for now (lake, Redis, database, bus): trying later may work. */
export function isTransient(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if ((error as { retriable?: unknown }).retriable === true) return true;
  const code = String((error as { code?: unknown }).code ?? '');
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P03', '08006', '08001'].includes(code)) {
    return true;
  }
  const message = String((error as { message?: unknown }).message ?? '');
  return /Connection terminated|connect ECONNREFUSED|Connection is closed|socket hang up|timeout exceeded when trying to connect/i.test(message);
}

export interface TransientRetryOptions {
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Called before each wait, e.g. to log and to keep a Kafka consumer's session alive. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void | Promise<void>;
  /** Stops retrying (shutdown): the last error is thrown. */
  signal?: AbortSignal;
  /** Which failures are tried again (default: transient ones, without limit). */
  retryIf?: (error: unknown, attempt: number) => boolean;
}

/**
 * Runs `work` until it succeeds, waiting with exponential backoff while its errors are transient
 * (or pass `retryIf`). Consumption pauses meanwhile, so nothing is skipped; another error is
 * thrown at once.
 */
export async function retryTransient<T>(work: () => Promise<T>, options: TransientRetryOptions = {}): Promise<T> {
  const initial = options.initialDelayMs ?? 200;
  const max = options.maxDelayMs ?? 10_000;
  const retryIf = options.retryIf ?? isTransient;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!retryIf(error, attempt) || options.signal?.aborted) throw error;
      const wait = Math.min(max, initial * 2 ** (attempt - 1));
      await options.onRetry?.(error, attempt, wait);
      await delay(wait, undefined, { signal: options.signal }).catch(() => undefined);
      if (options.signal?.aborted) throw error;
    }
  }
}
