import { FRESHNESS_KEY, GUARD_KEY_PREFIX } from '../online-feature-store.constants';
import { InvalidFeatureUpdateError } from '../errors/invalid-feature-update.error';
import { KeyUpdate } from '../key-update';
import { ApplyBatchParams } from '../online-feature-store.port';

const MAX_FIELDS_PER_LATEST = 1000;
/** A capped set is read whole to be trimmed: it must stay small. */
const MAX_CAPPED_MEMBERS = 10_000;

/**
 * Checks a whole batch before anything is sent: a Redis script that fails half-way is not rolled
 * back, so every value the script could choke on is refused here, with its path. (Paths are built
 * only on failure: this runs over every update of 100k-update batches.)
 */
export function assertValidBatch({ batchId, updates, newestEventAt }: ApplyBatchParams): void {
  if (typeof batchId !== 'string' || batchId.length === 0 || batchId.length > 512) {
    throw new InvalidFeatureUpdateError('batchId', 'expected a non-empty string of at most 512 characters');
  }
  if (!Array.isArray(updates)) throw new InvalidFeatureUpdateError('updates', 'expected an array');
  if (newestEventAt !== undefined && !isFiniteNumber(newestEventAt)) {
    throw notANumber('newestEventAt', newestEventAt);
  }
  for (let index = 0; index < updates.length; index++) assertValidUpdate(updates[index], `updates[${index}]`);
}

function assertValidUpdate(update: KeyUpdate, path: string): void {
  if (typeof update !== 'object' || update === null) throw new InvalidFeatureUpdateError(path, 'expected an object');
  const { key, incr, max, min, latest, expireSeconds, expiry, caps } = update;
  if (typeof key !== 'string' || key.length === 0) throw new InvalidFeatureUpdateError(`${path}.key`, 'expected a non-empty string');
  if (key.startsWith(GUARD_KEY_PREFIX) || key === FRESHNESS_KEY) {
    throw new InvalidFeatureUpdateError(`${path}.key`, `${JSON.stringify(key)} is reserved for the store itself`);
  }
  if (incr !== undefined) assertNumbers(incr, path, 'incr');
  if (max !== undefined) assertNumbers(max, path, 'max');
  if (min !== undefined) assertNumbers(min, path, 'min');
  if (latest !== undefined) {
    if (!Array.isArray(latest)) throw new InvalidFeatureUpdateError(`${path}.latest`, 'expected an array');
    for (let index = 0; index < latest.length; index++) {
      const entry = latest[index];
      const entryPath = () => `${path}.latest[${index}]`;
      if (typeof entry?.group !== 'string' || entry.group.length === 0) {
        throw new InvalidFeatureUpdateError(`${entryPath()}.group`, 'expected a non-empty string');
      }
      if (!isFiniteNumber(entry.at)) throw notANumber(`${entryPath()}.at`, entry.at);
      if (typeof entry.tiebreak !== 'string') throw new InvalidFeatureUpdateError(`${entryPath()}.tiebreak`, 'expected a string');
      assertRecord(entry.fields, () => `${entryPath()}.fields`);
      const fields = Object.keys(entry.fields);
      if (fields.length > MAX_FIELDS_PER_LATEST) {
        throw new InvalidFeatureUpdateError(`${entryPath()}.fields`, `more than ${MAX_FIELDS_PER_LATEST} fields`);
      }
      for (const field of fields) {
        const value = entry.fields[field];
        if (typeof value !== 'string' && !isFiniteNumber(value)) throw notANumber(`${entryPath()}.fields.${field}`, value);
      }
    }
  }
  if (expireSeconds !== undefined && (!Number.isInteger(expireSeconds) || expireSeconds <= 0)) {
    throw new InvalidFeatureUpdateError(`${path}.expireSeconds`, `expected a positive integer, got ${describeValue(expireSeconds)}`);
  }
  if (expiry !== undefined) {
    if (typeof expiry !== 'object' || expiry === null) throw new InvalidFeatureUpdateError(`${path}.expiry`, 'expected {field, since}');
    if (typeof expiry.field !== 'string' || expiry.field.length === 0) {
      throw new InvalidFeatureUpdateError(`${path}.expiry.field`, 'expected a non-empty string');
    }
    if (!isFiniteNumber(expiry.since)) throw notANumber(`${path}.expiry.since`, expiry.since);
    if (expireSeconds === undefined) throw new InvalidFeatureUpdateError(`${path}.expiry`, 'needs expireSeconds: the TTL it counts in event time');
  }
  if (caps !== undefined) assertValidCaps(update, path);
}

/** Members of a capped set are written by `max` only: then trimming is commutative (see FieldCap). */
function assertValidCaps({ caps, incr, min }: KeyUpdate, path: string): void {
  if (!Array.isArray(caps)) throw new InvalidFeatureUpdateError(`${path}.caps`, 'expected an array');
  for (let index = 0; index < caps.length; index++) {
    const cap = caps[index];
    if (typeof cap?.prefix !== 'string' || cap.prefix.length === 0) {
      throw new InvalidFeatureUpdateError(`${path}.caps[${index}].prefix`, 'expected a non-empty string');
    }
    if (!Number.isInteger(cap.keep) || cap.keep <= 0 || cap.keep > MAX_CAPPED_MEMBERS) {
      throw new InvalidFeatureUpdateError(`${path}.caps[${index}].keep`, `expected an integer from 1 to ${MAX_CAPPED_MEMBERS}, got ${describeValue(cap.keep)}`);
    }
    for (const [operation, fields] of [['incr', incr], ['min', min]] as const) {
      for (const field in fields) {
        if (field.startsWith(cap.prefix)) {
          throw new InvalidFeatureUpdateError(`${path}.${operation}.${field}`, `a member of the capped set "${cap.prefix}" is written by max only`);
        }
      }
    }
  }
}

function assertNumbers(fields: Record<string, number>, path: string, operation: string): void {
  assertRecord(fields, () => `${path}.${operation}`);
  for (const field in fields) {
    // A numeric-looking string would silently become a double: ids go in `latest`, as strings.
    if (!isFiniteNumber(fields[field])) throw notANumber(`${path}.${operation}.${field}`, fields[field]);
  }
}

function assertRecord(value: unknown, path: () => string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidFeatureUpdateError(path(), 'expected an object of field → value');
  }
  if ('' in value) throw new InvalidFeatureUpdateError(path(), 'has an empty field name');
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function notANumber(path: string, value: unknown): InvalidFeatureUpdateError {
  return new InvalidFeatureUpdateError(path, `expected a finite number, got ${describeValue(value)}`);
}

function describeValue(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n (a bigint)`;
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value) ?? String(value);
}
