import { InvalidRegistryInputError } from './registry.errors';
import { METRIC_COMPARISONS, MetricComparison, ParamValue } from './registry.types';

// Model names cannot hold `@` or `/`, so `name@alias` and `name/version` stay unambiguous.
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;
const ALIAS = /^[a-z][a-z0-9_-]{0,63}$/;
// `v3` would read as a version and `latest` as "the newest version" (as in MLflow).
const RESERVED_ALIAS = /^(v\d+|latest)$/;
const KEY = /^[A-Za-z0-9_.\-/ ]{1,255}$/;

export function modelNameOrThrow(name: unknown, field = 'model'): string {
  if (typeof name !== 'string' || !MODEL_NAME.test(name)) {
    throw new InvalidRegistryInputError(
      field,
      `expected a model name of letters, digits, '.', '_' or '-' (not starting with a symbol, at most 255), got ${JSON.stringify(name)}`,
    );
  }
  return name;
}

export function aliasOrThrow(alias: unknown): string {
  if (typeof alias !== 'string' || !ALIAS.test(alias)) {
    throw new InvalidRegistryInputError(
      'alias',
      `expected lower-case letters, digits, '_' or '-' starting with a letter (at most 64), got ${JSON.stringify(alias)}`,
    );
  }
  if (RESERVED_ALIAS.test(alias)) throw new InvalidRegistryInputError('alias', `${JSON.stringify(alias)} is reserved`);
  return alias;
}

export function nameOrThrow(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 255) {
    throw new InvalidRegistryInputError(field, `expected a non-empty string of at most 255 characters, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function keyOrThrow(key: unknown, field: string): string {
  if (typeof key !== 'string' || !KEY.test(key)) {
    throw new InvalidRegistryInputError(
      field,
      `expected letters, digits, '_', '-', '.', '/' or spaces (1 to 255), got ${JSON.stringify(key)}`,
    );
  }
  return key;
}

export function versionOrThrow(version: unknown): number {
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw new InvalidRegistryInputError('version', `expected an integer >= 1, got ${JSON.stringify(version)}`);
  }
  return version;
}

export function finiteOrThrow(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidRegistryInputError(field, `expected a finite number, got ${String(value)}`);
  }
  return value;
}

export function stepOrThrow(step: unknown, field: string): number {
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0 || step > 2_147_483_647) {
    throw new InvalidRegistryInputError(field, `expected an integer step from 0 to 2^31-1, got ${String(step)}`);
  }
  return step;
}

export function paramValueOrThrow(value: unknown, field: string): ParamValue {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return finiteOrThrow(value, field);
}

export function comparisonOrThrow(op: unknown, field: string): MetricComparison {
  if (!METRIC_COMPARISONS.includes(op as MetricComparison)) {
    throw new InvalidRegistryInputError(field, `expected one of ${METRIC_COMPARISONS.join(' ')}, got ${JSON.stringify(op)}`);
  }
  return op as MetricComparison;
}

export function stringRecordOrThrow(record: unknown, field: string): Record<string, string> {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new InvalidRegistryInputError(field, 'expected an object of string values');
  }
  for (const [key, value] of Object.entries(record)) {
    keyOrThrow(key, `${field} key`);
    if (typeof value !== 'string') throw new InvalidRegistryInputError(`${field}.${key}`, `expected a string, got ${typeof value}`);
  }
  return record as Record<string, string>;
}
