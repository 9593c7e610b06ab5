/** How long to wait after each failure: exponential, capped, with jitter. */
export interface BackoffPolicy {
  /** The wait after the first failure. */
  initialDelayMs: number;
  /** Cap on the exponential growth (jitter may add its fraction on top). */
  maxDelayMs: number;
  /** Growth per failure (1: constant waits). */
  factor: number;
  /** Each wait is spread by ± this fraction, so that replicas do not retry in step (0: none). */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialDelayMs: 200, maxDelayMs: 10_000, factor: 2, jitter: 0.2 };

/** The wait after the `attempt`-th failure (1-based). */
export function backoffDelayMs(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (attempt - 1));
  return Math.round(base * (1 - policy.jitter + 2 * policy.jitter * random()));
}
