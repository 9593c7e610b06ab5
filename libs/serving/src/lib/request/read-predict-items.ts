import { ID_DIGITS, SESSION_UUID } from '@platform/events';
import { isLosslessNumber } from 'lossless-json';
import { InvalidPredictRequestError, PredictIssue, PredictRule } from '../errors/invalid-predict-request.error';
import { TooManyItemsError } from '../errors/too-many-items.error';
import { PredictItem } from './predict-item';

/** Enough to fix a request; the rest would only grow the answer. */
const MAX_ISSUES = 100;
const MAX_SHOWN = 100;
const FIELDS = new Set(['user_id', 'product_id', 'user_session']);

/**
 * Checks parsed items — from `parsePredictBody` (numbers kept as their JSON text) or from a Kafka
 * request — against the API's rules and returns them normalised, or throws with every problem
 * found (path, value, rule). Hand-written rather than a zod schema: it runs for every item at
 * request rates, and the rules are the ones libs/events applies to the same ids.
 */
export function readPredictItems(input: unknown, maxItems: number): PredictItem[] {
  if (!Array.isArray(input)) {
    throw new InvalidPredictRequestError([issue('', input, 'array', 'expected a JSON array of {user_id, product_id, user_session?} items')]);
  }
  if (input.length === 0) throw new InvalidPredictRequestError([issue('', input, 'min_items', 'expected at least one item')]);
  if (input.length > maxItems) throw new TooManyItemsError(input.length, maxItems);
  const issues: PredictIssue[] = [];
  const items: PredictItem[] = new Array(input.length);
  for (let i = 0; i < input.length && issues.length < MAX_ISSUES; i++) {
    const item = readItem(input[i], i, issues);
    if (item) items[i] = item;
  }
  if (issues.length > 0) throw new InvalidPredictRequestError(issues.slice(0, MAX_ISSUES));
  return items;
}

function readItem(value: unknown, index: number, issues: PredictIssue[]): PredictItem | undefined {
  const path = `[${index}]`;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || isLosslessNumber(value)) {
    issues.push(issue(path, value, 'object', 'expected an object {user_id, product_id, user_session?}'));
    return undefined;
  }
  const fields = value as Record<string, unknown>;
  const before = issues.length;
  // Own keys only, `__proto__` and `constructor` included: they are reported, never followed.
  for (const key of Object.keys(fields)) {
    if (!FIELDS.has(key)) issues.push(issue(`${path}.${key}`, fields[key], 'unknown_field', 'is not a field of an item (user_id, product_id, user_session)'));
  }
  const userId = readId(fields, 'user_id', path, issues);
  const productId = readId(fields, 'product_id', path, issues);
  const session = readSession(fields, path, issues);
  if (issues.length > before) return undefined;
  const item: PredictItem = { user_id: userId as string, product_id: productId as string };
  if (session !== undefined) item.user_session = session;
  return item;
}

function readId(fields: Record<string, unknown>, name: 'user_id' | 'product_id', path: string, issues: PredictIssue[]): string | undefined {
  const value = Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : undefined;
  const at = `${path}.${name}`;
  if (value === undefined || value === null) {
    issues.push(issue(at, value, 'required', 'is required'));
    return undefined;
  }
  const text = typeof value === 'string' ? value : isLosslessNumber(value) ? value.value : undefined;
  if (text === undefined) {
    issues.push(issue(at, value, 'id_type', 'expected the id as a JSON number or a string of digits'));
    return undefined;
  }
  if (!ID_DIGITS.test(text)) {
    issues.push(issue(at, value, 'digits', 'must be 1 to 20 decimal digits (a whole number, no sign, exponent or fraction)'));
    return undefined;
  }
  return text;
}

function readSession(fields: Record<string, unknown>, path: string, issues: PredictIssue[]): string | undefined {
  const value = Object.prototype.hasOwnProperty.call(fields, 'user_session') ? fields['user_session'] : undefined;
  if (value === undefined || value === null) return undefined;
  const at = `${path}.user_session`;
  if (typeof value !== 'string') {
    issues.push(issue(at, value, 'session_type', 'expected a string (a UUID), or leave it out for the user’s latest session'));
    return undefined;
  }
  const session = value.toLowerCase();
  if (!SESSION_UUID.test(session)) {
    issues.push(issue(at, value, 'uuid', 'must be a UUID (8-4-4-4-12 hexadecimal digits)'));
    return undefined;
  }
  return session;
}

function issue(path: string, value: unknown, rule: PredictRule, message: string): PredictIssue {
  const shown = showValue(value);
  return shown === undefined ? { path, rule, message } : { path, value: shown, rule, message };
}

/** The value's JSON text (numbers as written), cut short: never a whole payload in an answer or a log. */
function showValue(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  let text: string;
  if (isLosslessNumber(value)) text = value.value;
  else if (Array.isArray(value)) text = `array of ${value.length}`;
  else if (typeof value === 'object' && value !== null) text = 'object';
  else text = JSON.stringify(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}
