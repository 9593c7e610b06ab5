/** Injection token of the `OnlineFeatureStore` port. */
export const ONLINE_FEATURE_STORE = Symbol('ONLINE_FEATURE_STORE');

/** How long a batch guard remembers that a group was applied: redeliveries within it count once. */
export const DEFAULT_GUARD_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Updates per script call: bounds how long one call blocks Redis (a few ms per thousand updates).
 * A larger group is cut into sub-groups, each with its own guard (`<guard>#<n>`).
 */
export const DEFAULT_MAX_UPDATES_PER_SCRIPT = 5000;

/** Store-owned key names; feature keys may not start with them. */
export const GUARD_KEY_PREFIX = 'batch:';
export const FRESHNESS_KEY = 'freshness:newest-event-at';
