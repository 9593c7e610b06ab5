import {
  DEFAULT_GUARD_TTL_SECONDS,
  DEFAULT_MAX_UPDATES_PER_SCRIPT,
} from './online-feature-store.constants';
import { GuardScope } from './planning/plan-batch';
import { InvalidFeatureUpdateError } from './errors/invalid-feature-update.error';

/** Options every driver takes, with the same meaning. */
export interface OnlineFeatureStoreOptions {
  /** Put before every key the store writes or reads (`test-1a2b:`): isolates tests, namespaces deployments. */
  keyPrefix?: string;
  /** `slot` (default, Redis Cluster-ready) or `batch` (standalone Redis only, fewer guard keys). */
  guardScope?: GuardScope;
  guardTtlSeconds?: number;
  maxUpdatesPerScript?: number;
}

export type ResolvedStoreOptions = Required<OnlineFeatureStoreOptions>;

export function resolveStoreOptions(options: OnlineFeatureStoreOptions): ResolvedStoreOptions {
  const resolved: ResolvedStoreOptions = {
    keyPrefix: options.keyPrefix ?? '',
    guardScope: options.guardScope ?? 'slot',
    guardTtlSeconds: options.guardTtlSeconds ?? DEFAULT_GUARD_TTL_SECONDS,
    maxUpdatesPerScript: options.maxUpdatesPerScript ?? DEFAULT_MAX_UPDATES_PER_SCRIPT,
  };
  // A brace in the prefix would become the hash tag of every key, guards included.
  if (/[{}]/.test(resolved.keyPrefix)) throw new InvalidFeatureUpdateError('keyPrefix', 'may not contain "{" or "}"');
  if (!Number.isInteger(resolved.guardTtlSeconds) || resolved.guardTtlSeconds <= 0) {
    throw new InvalidFeatureUpdateError('guardTtlSeconds', 'expected a positive integer');
  }
  if (!Number.isInteger(resolved.maxUpdatesPerScript) || resolved.maxUpdatesPerScript <= 0) {
    throw new InvalidFeatureUpdateError('maxUpdatesPerScript', 'expected a positive integer');
  }
  return resolved;
}
