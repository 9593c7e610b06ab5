import { isConnectionFailure } from './connection-failure';

/** What the platform knows about a thrown value. */
export interface FailureClass {
  /** The error's own code (a PlatformError's, a driver's `ECONNREFUSED`...), when it has one. */
  code?: string;
  /** Whether the same call may succeed later. */
  retriable: boolean;
  /** False when nothing classified the failure and `retriable` is the default. */
  known: boolean;
}

/**
 * The one classification of failures, used by every retry:
 * 1. an error that says whether it is retriable (every `PlatformError`, kafkajs's errors) is
 *    taken at its word;
 * 2. a connection failure (refused, reset, PostgreSQL shutting down...) is retriable;
 * 3. anything else (a bug, a foreign library's error) is retriable by default, `known: false`:
 *    a bounded retry of it costs a few attempts and ends in a dead letter, whereas calling it
 *    permanent would dead-letter a message over a blip nobody anticipated. Loops without an
 *    attempt budget (waiting for a server to come back) retry known failures only.
 */
export function classifyFailure(thrown: unknown): FailureClass {
  const fields = typeof thrown === 'object' && thrown !== null ? (thrown as { code?: unknown; retriable?: unknown }) : {};
  const code = typeof fields.code === 'string' ? { code: fields.code } : {};
  if (typeof fields.retriable === 'boolean') return { ...code, retriable: fields.retriable, known: true };
  if (isConnectionFailure(thrown)) return { ...code, retriable: true, known: true };
  return { ...code, retriable: true, known: false };
}
