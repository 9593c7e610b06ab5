import { DEFAULT_FEATURE_CAPS, FeatureCaps } from './feature-caps';
import { EventCounts } from './event-counts';
import { compareEventTime, FeatureEvent } from './feature-event';
import { productKeyFor, sessionKeyFor, tripleKeyFor, userKeyFor } from './feature-keys';
import { DEFAULT_FEATURE_TTL, FeatureTtl } from './feature-ttl';
import { FieldCap, KeyUpdate, trimCappedSet } from './key-update';

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
 *
 * Each key's events are first folded into one flat `KeyFold` (numbers in fixed fields, the
 * newest event kept by reference) and turned into a `KeyUpdate` once at the end: the stream
 * processor folds every event it reads, and building the update's records and `latest` entries
 * per event was most of its allocations.
 */
export function reduceEvents(
  events: Iterable<FeatureEvent>,
  ttl: FeatureTtl = DEFAULT_FEATURE_TTL,
  caps: FeatureCaps = DEFAULT_FEATURE_CAPS,
): KeyUpdate[] {
  const sorted = inTimeOrder(events);
  const folds: KeyFold[] = [];
  // One map per entity, keyed by its id alone: the record key is only written for a new fold.
  const triples = new Map<string, KeyFold>();
  const sessions = new Map<string, KeyFold>();
  const users = new Map<string, KeyFold>();
  const products = new Map<string, KeyFold>();
  const foldFor = (map: Map<string, KeyFold>, id: string, key: (id: string) => string, kind: EntityKind, expireSeconds: number, at: number): KeyFold => {
    let fold = map.get(id);
    if (fold === undefined || at - fold.newest >= expireSeconds * 1000) {
      fold = new KeyFold(key(id), kind, expireSeconds, at);
      map.set(id, fold);
      folds.push(fold);
    }
    return fold;
  };
  const tripleKey = (id: string) => id;

  for (const event of sorted) {
    const at = event.event_time_ms;
    const type = event.event_type;

    const triple = foldFor(triples, tripleKeyFor(event.user_id, event.product_id, event.user_session), tripleKey, 'triple', ttl.triple, at);
    triple.add(type, at);

    const session = foldFor(sessions, event.user_session, sessionKeyFor, 'session', ttl.session, at);
    session.add(type, at);
    session.raiseMember(event.product_id, at);

    const user = foldFor(users, event.user_id, userKeyFor, 'user', ttl.user, at);
    user.add(type, at);
    user.raiseMember(event.user_session, at);
    user.keepLatest(event);

    const product = foldFor(products, event.product_id, productKeyFor, 'product', ttl.product, at);
    product.add(type, at);
    product.keepLatest(event);
  }
  const sessionCap: FieldCap = { prefix: SESSION_PRODUCT_FLAG, keep: caps.sessionProducts };
  const userCap: FieldCap = { prefix: USER_SESSION_FLAG, keep: caps.userSessions };
  return folds.map((fold) => fold.toUpdate(sessionCap, userCap));
}

/** The events sorted by `compareEventTime`; a source already in that order (the usual case) is only checked. */
function inTimeOrder(events: Iterable<FeatureEvent>): FeatureEvent[] {
  const sorted = Array.isArray(events) ? (events as FeatureEvent[]) : [...events];
  for (let i = 1; i < sorted.length; i++) {
    if (compareEventTime(sorted[i - 1] as FeatureEvent, sorted[i] as FeatureEvent) > 0) {
      return sorted === events ? [...sorted].sort(compareEventTime) : sorted.sort(compareEventTime);
    }
  }
  return sorted;
}

type EntityKind = 'triple' | 'session' | 'user' | 'product';

/** One key's events of one TTL generation, folded: what `toUpdate` turns into its `KeyUpdate`. */
class KeyFold extends EventCounts {
  newest: number;
  oldest: number;
  /** Capped-set members (products of a session, sessions of a user) → their newest event time. */
  members: Map<string, number> | undefined;
  /** The event whose attributes the key keeps (newest by time, then event id). */
  latest: FeatureEvent | undefined;

  constructor(
    readonly key: string,
    readonly kind: EntityKind,
    readonly expireSeconds: number,
    readonly since: number,
  ) {
    super();
    this.newest = since;
    this.oldest = since;
    if (kind === 'session' || kind === 'user') this.members = new Map();
  }

  /** Counts an event of `type` at `at` (epoch ms). */
  add(type: FeatureEvent['event_type'], at: number): void {
    this.count(type);
    if (at > this.newest) this.newest = at;
    if (at < this.oldest) this.oldest = at;
  }

  raiseMember(member: string, at: number): void {
    const members = this.members as Map<string, number>;
    const current = members.get(member);
    if (current === undefined || at > current) members.set(member, at);
  }

  keepLatest(event: FeatureEvent): void {
    const current = this.latest;
    if (
      current === undefined ||
      event.event_time_ms > current.event_time_ms ||
      (event.event_time_ms === current.event_time_ms && event.event_id > current.event_id)
    ) {
      this.latest = event;
    }
  }

  /** Only what the key has: no empty `min` or `latest`, a dictionary for `max` only with members. */
  toUpdate(sessionCap: FieldCap, userCap: FieldCap): KeyUpdate {
    const { kind } = this;
    const incr: Record<string, number> = {};
    if (kind !== 'triple') incr['events'] = this.views + this.carts + this.removes + this.purchases;
    if (this.views > 0) incr['views'] = this.views;
    if (this.carts > 0) incr['carts'] = this.carts;
    if (this.removes > 0) incr['removes'] = this.removes;
    if (this.purchases > 0) incr['purchases'] = this.purchases;
    const cap = kind === 'session' ? sessionCap : kind === 'user' ? userCap : undefined;
    // `p:<product>` / `s:<session>` members go in a null-prototype (dictionary-mode) object: V8
    // would otherwise make a hidden class per distinct field name (see FeatureState).
    const max = cap === undefined ? ({} as Record<string, number>) : (Object.create(null) as Record<string, number>);
    max[NEWEST_EVENT_FIELD] = this.newest;
    const update: KeyUpdate = { key: this.key, incr, max, expireSeconds: this.expireSeconds, expiry: { field: NEWEST_EVENT_FIELD, since: this.since } };
    if (kind === 'triple' || kind === 'session') update.min = { first_ts: this.oldest };
    if (cap !== undefined) {
      for (const [member, at] of this.members ?? []) max[`${cap.prefix}${member}`] = at;
      update.caps = [cap];
      // The same trim the store applies after the update: a bot session sends only its newest members.
      if ((this.members?.size ?? 0) > cap.keep) trimCappedSet(max, cap);
    }
    const event = this.latest;
    if (event === undefined) return update;
    const at = event.event_time_ms;
    const tiebreak = event.event_id;
    if (kind === 'user') {
      update.latest = [{ group: 'session', at, tiebreak, fields: { latest_session: event.user_session } }];
    } else {
      const fields = {
        price: event.price,
        category_id: event.category_id,
        category_l1: event.category_l1 ?? '',
        category_l2: event.category_l2 ?? '',
        brand: event.brand ?? '',
      };
      update.latest = [{ group: 'attrs', at, tiebreak, fields }];
    }
    return update;
  }
}
