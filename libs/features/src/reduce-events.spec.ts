import { itemAt } from '@platform/common';
import { FeatureEvent } from './feature-event';
import { entityKeysFor } from './feature-keys';
import { FeatureState } from './feature-state';
import { snapshot } from './feature-vector';
import { reduceEvents } from './reduce-events';
import { compareUtf8 } from './key-update';

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
    const shuffled = dump(stateOf([[5, 0].map((i) => itemAt(events, i)), events.slice(6), [4, 1, 3, 2].map((i) => itemAt(events, i))]));
    expect(reversed).toEqual(whole);
    expect(shuffled).toEqual(whole);
  });

  it('gives the same updates, in the same order, for any input order, without reordering the input', () => {
    const reversed = [...events].reverse();
    const copy = [...reversed];
    expect(reduceEvents(reversed)).toEqual(reduceEvents(events));
    expect(reversed).toEqual(copy);
    expect(reduceEvents(reversed.values())).toEqual(reduceEvents(events));
    expect(reduceEvents(events).map((update) => update.key).slice(0, 4)).toEqual(['user:7:product:100:session:s1', 'session:s1', 'user:7', 'product:100']);
  });

  it('keeps counts, times, distinct members and the latest attributes', () => {
    const state = stateOf([events]);
    const keys = entityKeysFor('7', '100', 's1');
    expect(state.read(keys.triple)).toMatchObject({ views: 2, carts: 1, removes: 1, purchases: 1, first_ts: T0 + 1000, last_ts: T0 + 6000 });
    // Members of the capped sets hold their newest event time.
    expect(state.read(keys.session)).toMatchObject({ events: 6, views: 3, 'p:100': T0 + 6000, 'p:200': T0 + 2000 });
    expect(state.read(keys.user)).toMatchObject({ events: 7, 's:s1': T0 + 6000, 's:s2': T0 + 7000, latest_session: 's2' });
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

  describe('caps', () => {
    const caps = { sessionProducts: 3, userSessions: 2 };
    const browse = (n: number, product: string, session = 's1') => event(n, 'view', { product_id: product, user_session: session });
    const members = (state: FeatureState, key: string, prefix: string) =>
      Object.keys(state.read(key) ?? {})
        .filter((field) => field.startsWith(prefix))
        .sort();

    it('keeps the newest members of a session and of a user, the same whatever the batching and order', () => {
      const stream = [browse(1, 'A'), browse(2, 'B'), browse(3, 'C'), browse(4, 'D'), browse(5, 'A'), browse(6, 'E', 's2'), browse(7, 'F', 's3')];
      const whole = new FeatureState();
      whole.apply(reduceEvents(stream, undefined, caps));
      expect(members(whole, 'session:s1', 'p:')).toEqual(['p:A', 'p:C', 'p:D']); // B is the oldest
      expect(members(whole, 'user:7', 's:')).toEqual(['s:s2', 's:s3']);
      expect(snapshot({ triple: null, session: whole.read('session:s1'), user: whole.read('user:7'), product: null }).session_distinct_products).toBe(3);
      const piecewise = new FeatureState();
      for (const one of [...stream].reverse()) piecewise.apply(reduceEvents([one], undefined, caps));
      expect(dump(piecewise)).toEqual(dump(whole));
    });

    it('sends a bot session only its newest members', () => {
      const bot = Array.from({ length: 500 }, (_, i) => browse(i, `p${i}`));
      const session = reduceEvents(bot, undefined, caps).find((update) => update.key === 'session:s1');
      expect(Object.keys(session?.max ?? {}).filter((field) => field.startsWith('p:'))).toEqual(['p:p497', 'p:p498', 'p:p499']);
      expect(session?.caps).toEqual([{ prefix: 'p:', keep: 3 }]);
    });

    it('breaks ties between equal times by the greater member name in UTF-8 order', () => {
      const tied = [browse(1, 'a'), browse(1, 'b', 's1'), browse(1, 'c')].map((e, i) => ({ ...e, event_id: `t${i}` }));
      const state = new FeatureState();
      state.apply(reduceEvents(tied, undefined, { sessionProducts: 2, userSessions: 2 }));
      expect(members(state, 'session:s1', 'p:')).toEqual(['p:b', 'p:c']);
      expect(compareUtf8('\u{1F600}', '\uFFFF')).toBeGreaterThan(0); // JavaScript's < says otherwise
    });
  });

  describe('event-time expiry', () => {
    const DAY = 24 * 3600 * 1000;

    it('starts a record afresh when its events resume a TTL or more after its newest one', () => {
      const stream = [event(1, 'view'), event(2, 'cart'), event(3, 'view', { event_time_ms: T0 + 2000 + 2 * DAY })];
      const state = stateOf([stream]);
      const keys = entityKeysFor('7', '100', 's1');
      expect(state.read(keys.session)).toMatchObject({ events: 1, views: 1, first_ts: T0 + 2000 + 2 * DAY });
      expect(state.read(keys.session)?.['carts']).toBeUndefined();
      expect(state.read(keys.user)).toMatchObject({ events: 3, carts: 1 }); // 90 days
      // The same, one event at a time, and just inside the TTL nothing expires.
      expect(dump(stateOf(stream.map((e) => [e])))).toEqual(dump(state));
      const inside = stateOf([[event(1, 'view'), event(3, 'view', { event_time_ms: T0 + 1000 + 2 * DAY - 1 })]]);
      expect(inside.read(keys.session)).toMatchObject({ events: 2 });
    });

    it('splits one batch into an update per generation of a key', () => {
      const updates = reduceEvents([event(1, 'view'), event(2, 'view', { event_time_ms: T0 + 3 * DAY })]);
      const sessions = updates.filter((update) => update.key === 'session:s1');
      expect(sessions.map((update) => update.expiry)).toEqual([
        { field: 'last_ts', since: T0 + 1000 },
        { field: 'last_ts', since: T0 + 3 * DAY },
      ]);
    });

    it('frees expired records from memory without changing what a later update sees', () => {
      const state = stateOf([[event(1, 'view')]]);
      expect(state.expire(T0 + 1000 + 2 * DAY - 1)).toBe(0);
      expect(state.expire(T0 + 1000 + 2 * DAY)).toBe(2); // the triple and the session
      expect(state.read('user:7')).not.toBeNull();
    });
  });
});
