import { FeatureEvent } from './feature-event';
import { entityKeysFor } from './feature-keys';
import { FeatureState } from './feature-state';
import { snapshot } from './feature-vector';
import { reduceEvents } from './reduce-events';

const T0 = Date.UTC(2019, 10, 4, 10, 0, 0); // a Monday, 10:00 UTC

function event(n: number, type: FeatureEvent['event_type'], over: Partial<FeatureEvent> = {}): FeatureEvent {
  return {
    event_id: `e${String(n).padStart(4, '0')}`,
    event_time_ms: T0 + n * 1000,
    event_type: type,
    product_id: '100',
    category_id: '2053013555631882655',
    category_l1: 'electronics',
    category_l2: 'smartphone',
    brand: 'apple',
    price: 500,
    user_id: '7',
    user_session: 's1',
    ...over,
  };
}

function stateOf(batches: FeatureEvent[][]): FeatureState {
  const state = new FeatureState();
  for (const batch of batches) state.apply(reduceEvents(batch));
  return state;
}

function dump(state: FeatureState): Record<string, unknown> {
  return Object.fromEntries([...state.keys()].sort().map((key) => [key, state.read(key)]));
}

describe('reduceEvents', () => {
  const events = [
    event(1, 'view'),
    event(2, 'view', { product_id: '200', price: 20, brand: undefined, category_l1: undefined, category_l2: undefined }),
    event(3, 'cart'),
    event(4, 'view', { price: 480 }),
    event(5, 'remove_from_cart'),
    event(6, 'purchase', { price: 470 }),
    event(7, 'view', { user_session: 's2' }),
    event(8, 'view', { user_id: '8', user_session: 's3', event_time_ms: T0 + 8000 }),
    event(9, 'view', { user_id: '8', user_session: 's3', event_time_ms: T0 + 8000, price: 999 }),
  ];

  it('gives the same records whatever the batching and the order of batches', () => {
    const whole = dump(stateOf([events]));
    const reversed = dump(stateOf([...events].reverse().map((e) => [e])));
    const shuffled = dump(stateOf([[events[5], events[0]], events.slice(6), [events[4], events[1], events[3], events[2]]]));
    expect(reversed).toEqual(whole);
    expect(shuffled).toEqual(whole);
  });

  it('keeps counts, times, distinct members and the latest attributes', () => {
    const state = stateOf([events]);
    const keys = entityKeysFor('7', '100', 's1');
    expect(state.read(keys.triple)).toMatchObject({ views: 2, carts: 1, removes: 1, purchases: 1, first_ts: T0 + 1000, last_ts: T0 + 6000 });
    expect(state.read(keys.session)).toMatchObject({ events: 6, views: 3, 'p:100': 1, 'p:200': 1 });
    expect(state.read(keys.user)).toMatchObject({ events: 7, 's:s1': 1, 's:s2': 1, latest_session: 's2' });
    // Equal times (events 8 and 9) resolve by event id, not by arrival.
    expect(state.read('product:100')).toMatchObject({ price: 999, category_id: '2053013555631882655', brand: 'apple' });
  });

  it('snapshots the model vector from the four records', () => {
    const state = stateOf([events.slice(0, 6)]);
    const keys = entityKeysFor('7', '100', 's1');
    const row = snapshot({
      triple: state.read(keys.triple),
      session: state.read(keys.session),
      user: state.read(keys.user),
      product: state.read(keys.product),
    });
    expect(row).toEqual({
      price: 470,
      category_l1: 'electronics',
      category_l2: 'smartphone',
      brand: 'apple',
      weekday: 0,
      hour: 10,
      session_events: 6,
      session_views: 3,
      session_carts: 1,
      session_purchases: 1,
      session_distinct_products: 2,
      session_duration_s: 5,
      product_session_views: 2,
      product_session_carts: 1,
      product_session_removes: 1,
      user_views: 3,
      user_carts: 1,
      user_purchases: 1,
      user_sessions: 1,
      user_purchase_rate: 1 / 3,
      product_views: 2,
      product_carts: 1,
      product_purchases: 1,
      product_cart_rate: 0.5,
      product_conversion_rate: 0.5,
    });
  });

  it('reports unknown entities as zero counts and missing attributes', () => {
    const row = snapshot({ triple: null, session: null, user: null, product: null });
    expect(row.price).toBeNaN();
    expect(row.brand).toBeNull();
    expect(row.session_duration_s).toBeNaN();
    expect(row.user_views).toBe(0);
  });

  it('keeps 19-digit ids as exact strings', () => {
    const state = stateOf([[event(1, 'view', { user_id: '1234567890123456789', category_id: '9223372036854775807' })]]);
    expect(state.read('product:100')?.['category_id']).toBe('9223372036854775807');
    expect(state.read('user:1234567890123456789')).not.toBeNull();
  });
});
