import { classifyFailure } from '../errors/classify-failure';
import { abortableDelay } from './abortable-delay';
import { BackoffPolicy, backoffDelayMs, DEFAULT_BACKOFF } from './backoff-policy';

export interface RetryOptions extends Partial<BackoffPolicy> {
  /** Attempts in all, the first one included; unbounded when absent. */
  maxAttempts?: number;
  /** No attempt starts later than this after the first one started; unbounded when absent. */
  maxElapsedMs?: number;
  /** Which failures are tried again; by default those `classifyFailure` calls retriable. */
  retryIf?: (error: unknown, attempt: number) => boolean;
  /** Called before each wait (to log, count, keep a session alive). */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void | Promise<void>;
  /** Stops the retries: the wait in progress ends and the last failure is thrown. */
  signal?: AbortSignal;
  /** How to wait; resolves false when aborted. Default: a timer the signal cuts short. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<boolean>;
  random?: () => number;
}

/**
 * The platform's one retry loop: runs `work` (given its 1-based attempt number) until it succeeds,
 * waiting with exponential backoff and jitter between attempts. Throws the last failure when it is
 * not to be retried, when the attempt or time budget is spent, or when `signal` aborts.
 */
export async function retryWithBackoff<T>(work: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const policy: BackoffPolicy = {
    initialDelayMs: options.initialDelayMs ?? DEFAULT_BACKOFF.initialDelayMs,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs,
    factor: options.factor ?? DEFAULT_BACKOFF.factor,
    jitter: options.jitter ?? DEFAULT_BACKOFF.jitter,
  };
  const retryIf = options.retryIf ?? ((error: unknown) => classifyFailure(error).retriable);
  const sleep = options.sleep ?? abortableDelay;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      if (options.signal?.aborted || !retryIf(error, attempt)) throw error;
      if (options.maxAttempts !== undefined && attempt >= options.maxAttempts) throw error;
      const delayMs = backoffDelayMs(policy, attempt, options.random);
      if (options.maxElapsedMs !== undefined && Date.now() + delayMs - started > options.maxElapsedMs) throw error;
      await options.onRetry?.(error, attempt, delayMs);
      if (!(await sleep(delayMs, options.signal)) || options.signal?.aborted) throw error;
    }
  }
}
