import { DEFAULT_FEATURE_CAPS, FeatureCaps } from './feature-caps';
import { compareEventTime, FeatureEvent } from './feature-event';
import { productKeyFor, sessionKeyFor, tripleKeyFor, userKeyFor } from './feature-keys';
import { DEFAULT_FEATURE_TTL, FeatureTtl } from './feature-ttl';
import { FieldCap, KeyUpdate, LatestValues, trimCappedSet } from './key-update';

/** The per-type counter each event increments. */
const COUNTER: Record<FeatureEvent['event_type'], string> = {
  view: 'views',
  cart: 'carts',
  remove_from_cart: 'removes',
  purchase: 'purchases',
};

/**
 * Field-name prefixes of capped sets, counted at snapshot time (distinct products, sessions); each
 * member's field holds its newest event time.
 */
export const SESSION_PRODUCT_FLAG = 'p:';
export const USER_SESSION_FLAG = 's:';

/** The field every entity's record raises to its newest event time: its event-time TTL runs from it. */
export const NEWEST_EVENT_FIELD = 'last_ts';

/**
 * Folds events into updates per key. Every operation is commutative (sums, max, min, latest by
 * (time, event id), capped sets), so updates from different objects combine in any order, and the
 * same function serves the stream processor (applied to Redis) and the trainer's offline replay.
 *
 * TTLs run in event time: events are folded in time order, and a key's events more than its TTL
 * after the previous one start a new update that drops what the record held (`KeyUpdate.expiry`),
 * so a returning user starts afresh online and offline alike. Updates come out in a deterministic
 * order (by each update's first event), as the online store's guards require.
 */
export function reduceEvents(
  events: Iterable<FeatureEvent>,
  ttl: FeatureTtl = DEFAULT_FEATURE_TTL,
  caps: FeatureCaps = DEFAULT_FEATURE_CAPS,
): KeyUpdate[] {
  const sorted = [...events].sort(compareEventTime);
  const updates: KeyUpdate[] = [];
  const current = new Map<string, KeyUpdate>();
  const updateFor = (key: string, expireSeconds: number, at: number, cap?: FieldCap): KeyUpdate => {
    let update = current.get(key);
    const newest = update?.max?.[NEWEST_EVENT_FIELD];
    if (!update || (newest !== undefined && at - newest >= expireSeconds * 1000)) {
      // max holds `p:<product>` / `s:<session>` members: a null-prototype (dictionary-mode) object
      // keeps V8 from making a hidden class per distinct field name (see FeatureState).
      update = {
        key,
        incr: {},
        max: Object.create(null) as Record<string, number>,
        min: {},
        latest: [],
        expireSeconds,
        expiry: { field: NEWEST_EVENT_FIELD, since: at },
        ...(cap ? { caps: [cap] } : {}),
      };
      current.set(key, update);
      updates.push(update);
    }
    return update;
  };
  const sessionCap: FieldCap = { prefix: SESSION_PRODUCT_FLAG, keep: caps.sessionProducts };
  const userCap: FieldCap = { prefix: USER_SESSION_FLAG, keep: caps.userSessions };

  for (const event of sorted) {
    const counter = COUNTER[event.event_type];
    const at = event.event_time_ms;

    const triple = updateFor(tripleKeyFor(event.user_id, event.product_id, event.user_session), ttl.triple, at);
    add(triple, counter, 1);
    raise(triple, NEWEST_EVENT_FIELD, at);
    lower(triple, 'first_ts', at);

    const session = updateFor(sessionKeyFor(event.user_session), ttl.session, at, sessionCap);
    add(session, 'events', 1);
    add(session, counter, 1);
    raise(session, NEWEST_EVENT_FIELD, at);
    lower(session, 'first_ts', at);
    raise(session, `${SESSION_PRODUCT_FLAG}${event.product_id}`, at);

    const user = updateFor(userKeyFor(event.user_id), ttl.user, at, userCap);
    add(user, 'events', 1);
    add(user, counter, 1);
    raise(user, NEWEST_EVENT_FIELD, at);
    raise(user, `${USER_SESSION_FLAG}${event.user_session}`, at);
    keepLatest(user, { group: 'session', at, tiebreak: event.event_id, fields: { latest_session: event.user_session } });

    const product = updateFor(productKeyFor(event.product_id), ttl.product, at);
    add(product, 'events', 1);
    add(product, counter, 1);
    raise(product, NEWEST_EVENT_FIELD, at);
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
  // The same trim the store applies after the update: a bot session sends only its newest members.
  for (const update of updates) for (const cap of update.caps ?? []) trimCappedSet(update.max as Record<string, number>, cap);
  return updates;
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
  const current = latest[index];
  if (current === undefined) latest.push(values);
  else if (values.at > current.at || (values.at === current.at && values.tiebreak > current.tiebreak)) latest[index] = values;
}
