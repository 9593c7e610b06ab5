/** Socket-level error codes: the server (or the way to it) is away for now. */
const CONNECTION_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** PostgreSQL SQLSTATEs of a server going away or not accepting connections yet. */
const POSTGRES_UNAVAILABLE_STATES = new Set(['57P01', '57P03', '08006', '08001']);

/**
 * What drivers write when the connection drops (pg, ioredis, node's http), and the codes themselves:
 * errors from another realm (a test sandbox) or rewrapped by an SDK keep them only in their text.
 */
const CONNECTION_FAILURE_TEXT = new RegExp(
  [...CONNECTION_ERROR_CODES, 'Connection terminated', 'Connection is closed', 'socket hang up', 'timeout exceeded when trying to connect'].join('|'),
  'i',
);

/** Whether `error` says that a server is unreachable or dropped the connection (trying later may work). */
export function isConnectionFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_ERROR_CODES.has(code) || POSTGRES_UNAVAILABLE_STATES.has(code))) return true;
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && CONNECTION_FAILURE_TEXT.test(message);
}
