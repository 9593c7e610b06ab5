import { compareEventTime, FeatureEvent } from './feature-event';
import { tripleKeyFor } from './feature-keys';
import { DEFAULT_FEATURE_CAPS, FeatureCaps } from './feature-caps';
import { CATEGORICAL_FEATURES, FEATURE_NAMES, FeatureName, FeatureRow } from './feature-vector';
import { DEFAULT_FEATURE_TTL, FeatureTtl } from './feature-ttl';
import { EventRecords, ReplayRecords } from './replay-records';

/**
 * `first-view`: one example per first view of each (user, product, session) — the default, many
 * examples. `cart`: one per cart event.
 */
export type ExampleMode = 'first-view' | 'cart';
export const EXAMPLE_MODES: readonly ExampleMode[] = ['first-view', 'cart'];

export interface TrainingExample {
  event: FeatureEvent;
  row: FeatureRow;
  /** 1 when the user buys this product later (strictly after this event's time) in the same session. */
  label: 0 | 1;
}

/**
 * The labels: the last purchase time of each (user, product, session). Fed every event first
 * (a first pass over the data), it then answers for each example whether a purchase follows it.
 * Holds one entry per purchased triple, a small share of the events.
 */
export class PurchaseLabels {
  private readonly lastPurchase = new Map<string, number>();

  add(event: FeatureEvent): void {
    if (event.event_type !== 'purchase') return;
    this.addPurchase(tripleKeyFor(event.user_id, event.product_id, event.user_session), event.event_time_ms);
  }

  /** A purchase of the triple `tripleKey` (`tripleKeyFor`) at `timeMs` (the offline store's aggregate, say). */
  addPurchase(tripleKey: string, timeMs: number): void {
    const last = this.lastPurchase.get(tripleKey);
    if (last === undefined || timeMs > last) this.lastPurchase.set(tripleKey, timeMs);
  }

  labelOf(event: FeatureEvent): 0 | 1 {
    return this.labelAt(tripleKeyFor(event.user_id, event.product_id, event.user_session), event.event_time_ms);
  }

  /** The label of an example of the triple `tripleKey` at `timeMs`. */
  labelAt(tripleKey: string, timeMs: number): 0 | 1 {
    const last = this.lastPurchase.get(tripleKey);
    return last !== undefined && last > timeMs ? 1 : 0;
  }

  get size(): number {
    return this.lastPurchase.size;
  }
}

/** How often (in event time) the replay drops records whose TTL ran out. */
const EXPIRY_SWEEP_MS = 60 * 60 * 1000;

/** A categorical value's number in the caller's table (the dataset interns strings as it goes). */
export type CategoryCoder = (categorical: number, value: string | null) => number;

/**
 * Replays events in time order with the online reducer's semantics and the online store's TTLs
 * and caps (`ReplayRecords`: field for field what `reduceEvents` applied by `FeatureState`
 * holds), and takes a point-in-time snapshot at each example, so no example sees its own future.
 * Events must come in `compareEventTime` order; memory holds the live keys only.
 */
export class ExampleReplay {
  private readonly records: ReplayRecords;
  private previous: FeatureEvent | undefined;
  private lastSweep = -Infinity;
  private current: EventRecords | undefined;
  private currentAt = NaN;

  constructor(
    private readonly mode: ExampleMode = 'first-view',
    ttl: FeatureTtl = DEFAULT_FEATURE_TTL,
    caps: FeatureCaps = DEFAULT_FEATURE_CAPS,
  ) {
    this.records = new ReplayRecords(ttl, caps);
  }

  /** Folds the event in; returns its snapshot when the event is an example, else undefined. */
  next(event: FeatureEvent): FeatureRow | undefined {
    return this.advance(event) ? this.snapshotRow() : undefined;
  }

  /**
   * Folds the event in; true when it is an example, whose snapshot `writeSnapshot` then writes
   * (no row object: the trainer's dataset is float32 rows). `tripleKey` is the event's triple.
   */
  advance(event: FeatureEvent): boolean {
    if (this.previous && compareEventTime(this.previous, event) > 0) {
      throw new Error(`events are not in time order at event ${event.event_id}: sort them with compareEventTime`);
    }
    this.previous = event;
    const at = event.event_time_ms;
    if (at - this.lastSweep >= EXPIRY_SWEEP_MS) {
      this.records.expire(at);
      this.lastSweep = at;
    }
    const records = this.records.apply(event);
    this.current = records;
    this.currentAt = at;
    if (this.mode === 'cart') return event.event_type === 'cart';
    return event.event_type === 'view' && records.triple.views === 1 && records.triple.firstTs === at;
  }

  /** The triple key (`tripleKeyFor`) of the event last advanced. */
  get tripleKey(): string {
    return this.recordsOrThrow().tripleKey;
  }

  /**
   * Writes the snapshot after the last event (the `snapshot` of its four records, in
   * FEATURE_NAMES order) at `out[offset..]`; categorical values go through `code`.
   */
  writeSnapshot(out: Float32Array | Float64Array, offset: number, code: CategoryCoder): void {
    const { triple, session, user, product } = this.recordsOrThrow();
    const at = this.currentAt;
    const { weekday, hour } = weekdayAndHour(at);
    out[offset + COLUMN.price] = product.price;
    out[offset + COLUMN.category_l1] = code(0, product.categoryL1 === '' ? null : product.categoryL1);
    out[offset + COLUMN.category_l2] = code(1, product.categoryL2 === '' ? null : product.categoryL2);
    out[offset + COLUMN.brand] = code(2, product.brand === '' ? null : product.brand);
    out[offset + COLUMN.weekday] = weekday;
    out[offset + COLUMN.hour] = hour;
    out[offset + COLUMN.session_events] = session.events;
    out[offset + COLUMN.session_views] = session.views;
    out[offset + COLUMN.session_carts] = session.carts;
    out[offset + COLUMN.session_purchases] = session.purchases;
    out[offset + COLUMN.session_distinct_products] = session.products.size;
    out[offset + COLUMN.session_duration_s] = (session.lastTs - session.firstTs) / 1000;
    out[offset + COLUMN.product_session_views] = triple.views;
    out[offset + COLUMN.product_session_carts] = triple.carts;
    out[offset + COLUMN.product_session_removes] = triple.removes;
    out[offset + COLUMN.user_views] = user.views;
    out[offset + COLUMN.user_carts] = user.carts;
    out[offset + COLUMN.user_purchases] = user.purchases;
    out[offset + COLUMN.user_sessions] = user.sessions.size;
    out[offset + COLUMN.user_purchase_rate] = user.purchases / Math.max(user.views, 1);
    out[offset + COLUMN.product_views] = product.views;
    out[offset + COLUMN.product_carts] = product.carts;
    out[offset + COLUMN.product_purchases] = product.purchases;
    out[offset + COLUMN.product_cart_rate] = product.carts / Math.max(product.views, 1);
    out[offset + COLUMN.product_conversion_rate] = product.purchases / Math.max(product.views, 1);
  }

  /** Records held (triples, sessions, users, products). */
  get liveKeys(): number {
    return this.records.size;
  }

  private snapshotRow(): FeatureRow {
    const categories: (string | null)[] = [];
    const values = new Float64Array(FEATURE_NAMES.length);
    this.writeSnapshot(values, 0, (c, value) => {
      categories[c] = value;
      return NaN;
    });
    const row: Record<string, number | string | null> = {};
    FEATURE_NAMES.forEach((name, column) => (row[name] = values[column] as number));
    CATEGORICAL_FEATURES.forEach((name, c) => (row[name] = categories[c] ?? null));
    return row as FeatureRow;
  }

  private recordsOrThrow(): EventRecords {
    if (!this.current) throw new Error('no event replayed yet: call advance(event) first');
    return this.current;
  }
}

/** Column of each feature in the model vector. */
const COLUMN = Object.fromEntries(FEATURE_NAMES.map((name, column) => [name, column])) as Record<FeatureName, number>;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** `Date`'s range: beyond it `snapshot`'s date is invalid and weekday and hour are NaN. */
const MAX_TIME_MS = 8.64e15;

/** `snapshot`'s weekday (Monday = 0, UTC) and hour, without a Date per example. */
function weekdayAndHour(at: number): { weekday: number; hour: number } {
  if (!Number.isFinite(at) || Math.abs(at) > MAX_TIME_MS) return { weekday: NaN, hour: NaN };
  const ms = Math.trunc(at);
  const day = Math.floor(ms / DAY_MS);
  // 1970-01-01 was a Thursday (3 counting from Monday = 0).
  return { weekday: (((day + 3) % 7) + 7) % 7, hour: Math.floor((ms - day * DAY_MS) / HOUR_MS) };
}

/**
 * Every example of `events` (sorted with `compareEventTime`) in one call: the label pass, then
 * the replay. The trainer streams the same two passes over the offline store instead.
 */
export function* buildTrainingExamples(
  events: readonly FeatureEvent[],
  mode: ExampleMode = 'first-view',
): Generator<TrainingExample> {
  const labels = new PurchaseLabels();
  for (const event of events) labels.add(event);
  const replay = new ExampleReplay(mode);
  for (const event of events) {
    const row = replay.next(event);
    if (row) yield { event, row, label: labels.labelOf(event) };
  }
}
