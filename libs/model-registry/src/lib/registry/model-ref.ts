import { InvalidRegistryInputError } from './registry.errors';
import { aliasOrThrow, modelNameOrThrow, versionOrThrow } from './registry-input.validation';

export type ModelRef = { model: string; alias: string } | { model: string; version: number };

/** Parses `name@alias` (e.g. `propensity@champion`) or `name/version` (e.g. `propensity/3`). */
export function parseModelRef(ref: string): ModelRef {
  const at = /^([^@/]+)@([^@/]+)$/.exec(ref);
  if (at) return { model: modelNameOrThrow(at[1]), alias: aliasOrThrow(at[2]) };
  const slash = /^([^@/]+)\/(\d+)$/.exec(ref);
  if (slash) return { model: modelNameOrThrow(slash[1]), version: versionOrThrow(Number(slash[2])) };
  throw new InvalidRegistryInputError('ref', `expected "name@alias" or "name/version", got ${JSON.stringify(ref)}`);
}
