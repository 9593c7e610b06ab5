/** How often and how patiently a failing handler is tried again before its message is dead-lettered. */
export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  factor: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, initialDelayMs: 200, maxDelayMs: 10_000, factor: 2 };

/** Exponential backoff after the `attempt`-th failure, ±20 % jitter so that replicas do not retry in step. */
export function retryDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
