import { PlatformError } from '@platform/common';
import { z } from 'zod';

/** What a materialize folds: clean events with event times in [sinceMs, untilMs); either may be open. */
export interface MaterializeRequest {
  sinceMs?: number;
  untilMs?: number;
}

const time = z.union([z.string().min(1).max(64), z.number().finite()]).optional();
const body = z.object({ since: time, until: time }).strict();

/** A time as an ISO date(-time) or epoch milliseconds; throws naming the field and what is wrong. */
export function parseTimeOrThrow(field: string, value: string | number): number {
  const ms = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) throw new InvalidMaterializeRequestError(`${field}: ${JSON.stringify(value)} is not a time: give an ISO date (2019-11-01 or 2019-11-01T06:00:00Z) or epoch milliseconds`);
  return ms;
}

/** `{since?, until?}` (POST /jobs/materialize, or the CLI's options). */
export function parseMaterializeRequestOrThrow(input: unknown): MaterializeRequest {
  const parsed = body.safeParse(input ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
    throw new InvalidMaterializeRequestError(`invalid materialize request (${problems.join('; ')}): send {"since"?: time, "until"?: time}`);
  }
  const request: MaterializeRequest = {};
  if (parsed.data.since !== undefined) request.sinceMs = parseTimeOrThrow('since', parsed.data.since);
  if (parsed.data.until !== undefined) request.untilMs = parseTimeOrThrow('until', parsed.data.until);
  if (request.sinceMs !== undefined && request.untilMs !== undefined && request.sinceMs >= request.untilMs) {
    throw new InvalidMaterializeRequestError('since must be before until');
  }
  return request;
}

export class InvalidMaterializeRequestError extends PlatformError<'INVALID_MATERIALIZE_REQUEST'> {
  constructor(message: string) {
    super(message, 'INVALID_MATERIALIZE_REQUEST', false);
  }
}
