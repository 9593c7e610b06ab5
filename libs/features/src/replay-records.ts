import { compareUtf8 } from './key-update';
import type { FeatureEvent } from './feature-event';
import type { FeatureCaps } from './feature-caps';
import type { FeatureTtl } from './feature-ttl';
import { tripleKeyFor } from './feature-keys';
import { EventCounts } from './event-counts';

/**
 * The offline replay's records: the four entities' hashes as fixed-shape objects, one event
 * applied at a time, keeping the fields `snapshot` reads. Each holds what `reduceEvents([event])`
 * applied by `FeatureState` holds (the online semantics: event-time expiry, capped sets, latest
 * by (time, event id)), without building the updates' objects for each event, which made the
 * replay of a million events take a minute. replay-parity.spec replays both side by side.
 */

/** `user:<u>:product:<p>:session:<s>`: views, carts, removes, purchases, first_ts, last_ts. */
class TripleRecord extends EventCounts {
  lastTs: number;
  firstTs: number;

  constructor(at: number) {
    super();
    this.lastTs = at;
    this.firstTs = at;
  }
}

/**
 * A capped set (`FieldCap`): members with their newest event time; past `keep` members, the
 * oldest goes (ties: the smaller name in UTF-8 order), as `trimCappedSet` after each update.
 */
class CappedMembers {
  private readonly members = new Map<string, number>();

  constructor(private readonly keep: number) {}

  get size(): number {
    return this.members.size;
  }

  raise(member: string, at: number): void {
    const current = this.members.get(member);
    if (current === undefined || at > current) this.members.set(member, at);
    if (this.members.size > this.keep) this.dropOldest();
  }

  private dropOldest(): void {
    let oldest: string | undefined;
    let oldestAt = Infinity;
    for (const [member, at] of this.members) {
      const time = Number.isNaN(at) ? -Infinity : at;
      if (oldest === undefined || time < oldestAt || (time === oldestAt && compareUtf8(member, oldest) < 0)) {
        oldest = member;
        oldestAt = time;
      }
    }
    if (oldest !== undefined) this.members.delete(oldest);
  }
}

/** `session:<s>`: events, counters, first_ts, last_ts and its capped set of products (`p:`). */
class SessionRecord extends EventCounts {
  events = 0;
  lastTs: number;
  firstTs: number;
  readonly products: CappedMembers;

  constructor(at: number, keep: number) {
    super();
    this.lastTs = at;
    this.firstTs = at;
    this.products = new CappedMembers(keep);
  }
}

/** `user:<u>`: events, counters, last_ts and its capped set of sessions (`s:`). */
class UserRecord extends EventCounts {
  events = 0;
  lastTs: number;
  readonly sessions: CappedMembers;

  constructor(at: number, keep: number) {
    super();
    this.lastTs = at;
    this.sessions = new CappedMembers(keep);
  }
}

/** `product:<p>`: events, counters, last_ts and its latest attributes (`''` when absent). */
class ProductRecord extends EventCounts {
  events = 0;
  lastTs: number;
  price = NaN;
  categoryL1 = '';
  categoryL2 = '';
  brand = '';

  constructor(at: number) {
    super();
    this.lastTs = at;
  }
}

/** The four records an event touched, after it was applied (the same object, overwritten by the next event). */
export interface EventRecords {
  tripleKey: string;
  triple: TripleRecord;
  session: SessionRecord;
  user: UserRecord;
  product: ProductRecord;
}

interface Expiring {
  lastTs: number;
}

function sameOr(current: string, next: string): string {
  return current === next ? current : next;
}

/** The four entities' records of a replay: triples by their online key, the others by their id (one map each). */
export class ReplayRecords {
  private readonly triples = new Map<string, TripleRecord>();
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly users = new Map<string, UserRecord>();
  private readonly products = new Map<string, ProductRecord>();
  private readonly ttlMs: { readonly [entity in keyof FeatureTtl]: number };
  private readonly last: EventRecords = {
    tripleKey: '',
    triple: new TripleRecord(NaN),
    session: new SessionRecord(NaN, 0),
    user: new UserRecord(NaN, 0),
    product: new ProductRecord(NaN),
  };
  /** Event time each map was last swept at: every eighth of its TTL, so a record outlives its TTL by that at most. */
  private readonly sweptAt = { triple: -Infinity, session: -Infinity, user: -Infinity, product: -Infinity };

  constructor(
    ttl: FeatureTtl,
    private readonly caps: FeatureCaps,
  ) {
    this.ttlMs = { triple: ttl.triple * 1000, session: ttl.session * 1000, user: ttl.user * 1000, product: ttl.product * 1000 };
  }

  /**
   * Applies one event (as `reduceEvents([event])` then `FeatureState.apply`); returns its records.
   * Events must come in `compareEventTime` order (ExampleReplay checks it).
   */
  apply(event: FeatureEvent): EventRecords {
    const at = event.event_time_ms;
    const type = event.event_type;
    const ttl = this.ttlMs;

    const tripleKey = tripleKeyFor(event.user_id, event.product_id, event.user_session);
    let triple = this.triples.get(tripleKey);
    if (triple === undefined || expired(triple, at, ttl.triple)) this.triples.set(tripleKey, (triple = new TripleRecord(at)));
    triple.count(type);
    if (at > triple.lastTs) triple.lastTs = at;
    if (at < triple.firstTs) triple.firstTs = at;

    const sessionKey = event.user_session;
    let session = this.sessions.get(sessionKey);
    if (session === undefined || expired(session, at, ttl.session)) this.sessions.set(sessionKey, (session = new SessionRecord(at, this.caps.sessionProducts)));
    session.events++;
    session.count(type);
    if (at > session.lastTs) session.lastTs = at;
    if (at < session.firstTs) session.firstTs = at;
    session.products.raise(event.product_id, at);

    const userKey = event.user_id;
    let user = this.users.get(userKey);
    if (user === undefined || expired(user, at, ttl.user)) this.users.set(userKey, (user = new UserRecord(at, this.caps.userSessions)));
    user.events++;
    user.count(type);
    if (at > user.lastTs) user.lastTs = at;
    user.sessions.raise(event.user_session, at);

    const productKey = event.product_id;
    let product = this.products.get(productKey);
    if (product === undefined || expired(product, at, ttl.product)) this.products.set(productKey, (product = new ProductRecord(at)));
    product.events++;
    product.count(type);
    if (at > product.lastTs) product.lastTs = at;
    // Events come in (time, event id) order, so this one is the product's latest by that stamp.
    // An equal string is not stored again: the record would keep this event's copy alive.
    product.price = event.price;
    product.categoryL1 = sameOr(product.categoryL1, event.category_l1 ?? '');
    product.categoryL2 = sameOr(product.categoryL2, event.category_l2 ?? '');
    product.brand = sameOr(product.brand, event.brand ?? '');

    const last = this.last;
    last.tripleKey = tripleKey;
    last.triple = triple;
    last.session = session;
    last.user = user;
    last.product = product;
    return last;
  }

  /** Frees the records whose TTL ran out in event time by `at` (the next event would start them afresh anyway). */
  expire(at: number): void {
    this.sweep('triple', this.triples, at);
    this.sweep('session', this.sessions, at);
    this.sweep('user', this.users, at);
    this.sweep('product', this.products, at);
  }

  private sweep(entity: keyof FeatureTtl, records: Map<string, Expiring>, at: number): void {
    const ttlMs = this.ttlMs[entity];
    if (at - this.sweptAt[entity] < ttlMs / 8) return;
    this.sweptAt[entity] = at;
    for (const [key, record] of records) if (record.lastTs + ttlMs <= at) records.delete(key);
  }

  get size(): number {
    return this.triples.size + this.sessions.size + this.users.size + this.products.size;
  }
}

/** `hasExpiredBefore`: the record's newest event is a TTL or more before this one. */
function expired(record: Expiring, at: number, ttlMs: number): boolean {
  return record.lastTs <= at - ttlMs;
}
