import { compareEventTime, FeatureEvent } from './feature-event';
import { entityKeysFor, tripleKeyFor } from './feature-keys';
import { DEFAULT_FEATURE_CAPS, FeatureCaps } from './feature-caps';
import { FeatureState } from './feature-state';
import { FeatureRow, snapshot } from './feature-vector';
import { DEFAULT_FEATURE_TTL, FeatureTtl } from './feature-ttl';
import { reduceEvents } from './reduce-events';

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
    const key = tripleKeyFor(event.user_id, event.product_id, event.user_session);
    const last = this.lastPurchase.get(key);
    if (last === undefined || event.event_time_ms > last) this.lastPurchase.set(key, event.event_time_ms);
  }

  labelOf(event: FeatureEvent): 0 | 1 {
    const last = this.lastPurchase.get(tripleKeyFor(event.user_id, event.product_id, event.user_session));
    return last !== undefined && last > event.event_time_ms ? 1 : 0;
  }

  get size(): number {
    return this.lastPurchase.size;
  }
}

/** How often (in event time) the replay drops records whose TTL ran out. */
const EXPIRY_SWEEP_MS = 60 * 60 * 1000;

/**
 * Replays events in time order through the same reducer as the online path, with the online
 * store's TTLs, and takes a point-in-time snapshot at each example, so no example sees its own
 * future. Events must come in `compareEventTime` order; memory holds the live keys only.
 */
export class ExampleReplay {
  private readonly state = new FeatureState();
  private previous: FeatureEvent | undefined;
  private lastSweep = -Infinity;

  constructor(
    private readonly mode: ExampleMode = 'first-view',
    private readonly ttl: FeatureTtl = DEFAULT_FEATURE_TTL,
    private readonly caps: FeatureCaps = DEFAULT_FEATURE_CAPS,
  ) {}

  /** Folds the event in; returns its snapshot when the event is an example, else undefined. */
  next(event: FeatureEvent): FeatureRow | undefined {
    if (this.previous && compareEventTime(this.previous, event) > 0) {
      throw new Error(`events are not in time order at event ${event.event_id}: sort them with compareEventTime`);
    }
    this.previous = event;
    const at = event.event_time_ms;
    if (at - this.lastSweep >= EXPIRY_SWEEP_MS) {
      this.state.expire(at);
      this.lastSweep = at;
    }
    this.state.apply(reduceEvents([event], this.ttl, this.caps));
    const keys = entityKeysFor(event.user_id, event.product_id, event.user_session);
    const triple = this.state.read(keys.triple);
    if (!this.isExample(event, triple)) return undefined;
    return snapshot({ triple, session: this.state.read(keys.session), user: this.state.read(keys.user), product: this.state.read(keys.product) }, at);
  }

  /** Records held (triples, sessions, users, products). */
  get liveKeys(): number {
    return this.state.size;
  }

  private isExample(event: FeatureEvent, triple: ReturnType<FeatureState['read']>): boolean {
    if (this.mode === 'cart') return event.event_type === 'cart';
    return event.event_type === 'view' && Number(triple?.['views']) === 1 && Number(triple?.['first_ts']) === event.event_time_ms;
  }
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
