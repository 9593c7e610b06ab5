import { FeatureEvent } from './feature-event';
import { productKeyFor, sessionKeyFor, tripleKeyFor, userKeyFor } from './feature-keys';
import { DEFAULT_FEATURE_TTL, FeatureTtl } from './feature-ttl';
import { KeyUpdate, LatestValues } from './key-update';

/** The per-type counter each event increments. */
const COUNTER: Record<FeatureEvent['event_type'], string> = {
  view: 'views',
  cart: 'carts',
  remove_from_cart: 'removes',
  purchase: 'purchases',
};

/** Field-name prefixes of membership flags, counted at snapshot time (distinct products, sessions). */
export const SESSION_PRODUCT_FLAG = 'p:';
export const USER_SESSION_FLAG = 's:';

/**
 * Folds events into one update per key. Every operation is commutative (sums, max, min, latest by
 * (time, event id)), so updates from different objects combine in any order, and the same function
 * serves the stream processor (applied to Redis) and the trainer's offline replay.
 */
export function reduceEvents(events: Iterable<FeatureEvent>, ttl: FeatureTtl = DEFAULT_FEATURE_TTL): KeyUpdate[] {
  const updates = new Map<string, KeyUpdate>();
  const updateFor = (key: string, expireSeconds: number): KeyUpdate => {
    let update = updates.get(key);
    if (!update) {
      // max holds `p:<product>` / `s:<session>` flags: a null-prototype (dictionary-mode) object
      // keeps V8 from making a hidden class per distinct field name (see FeatureState).
      update = { key, incr: {}, max: Object.create(null) as Record<string, number>, min: {}, latest: [], expireSeconds };
      updates.set(key, update);
    }
    return update;
  };

  for (const event of events) {
    const counter = COUNTER[event.event_type];
    const at = event.event_time_ms;

    const triple = updateFor(tripleKeyFor(event.user_id, event.product_id, event.user_session), ttl.triple);
    add(triple, counter, 1);
    raise(triple, 'last_ts', at);
    lower(triple, 'first_ts', at);

    const session = updateFor(sessionKeyFor(event.user_session), ttl.session);
    add(session, 'events', 1);
    add(session, counter, 1);
    raise(session, 'last_ts', at);
    lower(session, 'first_ts', at);
    raise(session, `${SESSION_PRODUCT_FLAG}${event.product_id}`, 1);

    const user = updateFor(userKeyFor(event.user_id), ttl.user);
    add(user, 'events', 1);
    add(user, counter, 1);
    raise(user, 'last_ts', at);
    raise(user, `${USER_SESSION_FLAG}${event.user_session}`, 1);
    keepLatest(user, { group: 'session', at, tiebreak: event.event_id, fields: { latest_session: event.user_session } });

    const product = updateFor(productKeyFor(event.product_id), ttl.product);
    add(product, 'events', 1);
    add(product, counter, 1);
    raise(product, 'last_ts', at);
    keepLatest(product, {
      group: 'attrs',
      at,
      tiebreak: event.event_id,
      fields: {
        price: event.price,
        category_id: event.category_id,
        category_l1: event.category_l1 ?? '',
        category_l2: event.category_l2 ?? '',
        brand: event.brand ?? '',
      },
    });
  }
  return [...updates.values()];
}

function add(update: KeyUpdate, field: string, amount: number): void {
  const incr = update.incr as Record<string, number>;
  incr[field] = (incr[field] ?? 0) + amount;
}

function raise(update: KeyUpdate, field: string, value: number): void {
  const max = update.max as Record<string, number>;
  const current = max[field];
  if (current === undefined || value > current) max[field] = value;
}

function lower(update: KeyUpdate, field: string, value: number): void {
  const min = update.min as Record<string, number>;
  const current = min[field];
  if (current === undefined || value < current) min[field] = value;
}

function keepLatest(update: KeyUpdate, values: LatestValues): void {
  const latest = update.latest as LatestValues[];
  const index = latest.findIndex((entry) => entry.group === values.group);
  if (index < 0) latest.push(values);
  else {
    const current = latest[index];
    if (values.at > current.at || (values.at === current.at && values.tiebreak > current.tiebreak)) latest[index] = values;
  }
}
