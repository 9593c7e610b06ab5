import { BackoffPolicy, DEFAULT_BACKOFF } from '@platform/common';

/** How often and how patiently a failing handler is tried again before its message is dead-lettered. */
export interface RetryPolicy extends BackoffPolicy {
  /** Attempts in all, the first one included. */
  maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { ...DEFAULT_BACKOFF, maxAttempts: 5 };
