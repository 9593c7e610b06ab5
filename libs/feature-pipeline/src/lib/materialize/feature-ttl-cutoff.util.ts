import { FeatureTtl, productKeyFor, sessionKeyFor, userKeyFor } from '@platform/features';

/** The key families of the features (DESIGN.md section 6): `user:`, `session:`, `product:` (triples start with `user:`). */
export const FEATURE_KEY_FAMILIES = [userKeyFor(''), sessionKeyFor(''), productKeyFor('')];

/** What tells a triple key (`user:<u>:product:<p>:session:<s>`, `tripleKeyFor`) from a user key. */
const TRIPLE_MARK = ':product:';

/**
 * For a feature key, the newest-event time at or before which its record has expired at
 * `horizonMs` (its TTL counted in event time, the offline rule of DESIGN.md section 6); undefined
 * for a key that is not a feature record.
 */
export function expiryCutoffFor(horizonMs: number, ttl: FeatureTtl): (key: string) => number | undefined {
  return (key) => {
    let seconds: number | undefined;
    if (key.startsWith(sessionKeyFor(''))) seconds = ttl.session;
    else if (key.startsWith(productKeyFor(''))) seconds = ttl.product;
    else if (key.startsWith(userKeyFor(''))) seconds = key.includes(TRIPLE_MARK) ? ttl.triple : ttl.user;
    return seconds === undefined ? undefined : horizonMs - seconds * 1000;
  };
}
