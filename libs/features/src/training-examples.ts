import { FeatureEvent } from './feature-event';
import { entityKeysFor, tripleKeyFor } from './feature-keys';
import { FeatureState } from './feature-state';
import { FeatureRow, snapshot } from './feature-vector';
import { DEFAULT_FEATURE_TTL } from './feature-ttl';
import { reduceEvents } from './reduce-events';

/**
 * `first-view`: one example per first view of each (user, product, session) — the default, many
 * examples. `cart`: one per cart event.
 */
export type ExampleMode = 'first-view' | 'cart';

export interface TrainingExample {
  event: FeatureEvent;
  row: FeatureRow;
  /** 1 when the user buys this product later (strictly after this event's time) in the same session. */
  label: 0 | 1;
}

/** Orders events for the replay: by time, then by event id so equal times replay the same way every run. */
export function compareEventTime(a: FeatureEvent, b: FeatureEvent): number {
  return a.event_time_ms - b.event_time_ms || (a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0);
}

/**
 * Replays events in time order through the same reducer as the online path and takes a
 * point-in-time snapshot at each example, so no example sees its own future. `events` must be
 * sorted with `compareEventTime`.
 */
export function* buildTrainingExamples(
  events: readonly FeatureEvent[],
  mode: ExampleMode = 'first-view',
): Generator<TrainingExample> {
  const lastPurchase = new Map<string, number>();
  for (const event of events) {
    if (event.event_type !== 'purchase') continue;
    const key = tripleKeyFor(event.user_id, event.product_id, event.user_session);
    lastPurchase.set(key, Math.max(lastPurchase.get(key) ?? -Infinity, event.event_time_ms));
  }

  const state = new FeatureState();
  let previous: FeatureEvent | undefined;
  for (const event of events) {
    if (previous && compareEventTime(previous, event) > 0) {
      throw new Error(`events are not in time order at event ${event.event_id}: sort them with compareEventTime`);
    }
    previous = event;
    state.apply(reduceEvents([event], DEFAULT_FEATURE_TTL));
    const keys = entityKeysFor(event.user_id, event.product_id, event.user_session);
    const triple = state.read(keys.triple);
    const isExample =
      mode === 'cart'
        ? event.event_type === 'cart'
        : event.event_type === 'view' && Number(triple?.['views']) === 1 && Number(triple?.['first_ts']) === event.event_time_ms;
    if (!isExample) continue;
    const row = snapshot(
      { triple, session: state.read(keys.session), user: state.read(keys.user), product: state.read(keys.product) },
      event.event_time_ms,
    );
    yield { event, row, label: (lastPurchase.get(keys.triple) ?? -Infinity) > event.event_time_ms ? 1 : 0 };
  }
}
