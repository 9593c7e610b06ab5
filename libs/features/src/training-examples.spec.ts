import { itemAt } from '@platform/common';
import { buildFeatureSchema, encodeRows } from './feature-encoding';
import { compareEventTime, FeatureEvent } from './feature-event';
import { FEATURE_NAMES } from './feature-vector';
import { buildTrainingExamples } from './training-examples';

const T0 = Date.UTC(2019, 10, 1, 0, 0, 0);

function event(n: number, type: FeatureEvent['event_type'], product: string, over: Partial<FeatureEvent> = {}): FeatureEvent {
  return {
    event_id: `e${String(n).padStart(4, '0')}`,
    event_time_ms: T0 + n * 1000,
    event_type: type,
    product_id: product,
    category_id: '2053013555631882655',
    price: 10,
    user_id: 'u1',
    user_session: 's1',
    ...over,
  };
}

describe('buildTrainingExamples', () => {
  const events = [
    event(1, 'view', 'A'),
    event(2, 'view', 'B'),
    event(3, 'view', 'A'), // not a first view
    event(4, 'cart', 'A'),
    event(5, 'purchase', 'A'),
    event(6, 'view', 'C'),
    event(7, 'purchase', 'B', { user_session: 's2' }), // another session: not a label for B in s1
    event(8, 'view', 'D'),
    event(8, 'purchase', 'D', { event_id: 'e0009' }), // same second: not strictly after
  ].sort(compareEventTime);

  it('makes one example per first view, labelled by a later purchase in the same session', () => {
    const examples = [...buildTrainingExamples(events)];
    expect(examples.map((e) => [e.event.product_id, e.label])).toEqual([
      ['A', 1],
      ['B', 0],
      ['C', 0],
      ['D', 0],
    ]);
  });

  it('sees only the past at each example', () => {
    const examples = [...buildTrainingExamples(events)];
    const first = itemAt(examples, 0);
    const third = itemAt(examples, 2);
    expect(first.row.session_events).toBe(1);
    expect(first.row.user_purchases).toBe(0);
    expect(third.row.session_events).toBe(6);
    expect(third.row.user_purchases).toBe(1);
    expect(third.row.product_session_views).toBe(1);
  });

  it('offers one example per cart event in cart mode', () => {
    expect([...buildTrainingExamples(events, 'cart')].map((e) => [e.event.event_id, e.label])).toEqual([['e0004', 1]]);
  });

  it('expires records as the online store TTLs do: a triple seen again after two days is new', () => {
    const later = T0 + 3 * 24 * 3600 * 1000;
    const returning = [event(1, 'view', 'A'), event(2, 'view', 'A', { event_time_ms: later })];
    const examples = [...buildTrainingExamples(returning)];
    expect(examples.map((e) => e.event.event_id)).toEqual(['e0001', 'e0002']);
    expect(examples[1]?.row.product_session_views).toBe(1); // the triple and session expired (2 days)...
    expect(examples[1]?.row.session_events).toBe(1);
    expect(examples[1]?.row.user_views).toBe(2); // ...the user's history did not (90 days)
  });

  it('refuses events out of time order', () => {
    expect(() => [...buildTrainingExamples([itemAt(events, 1), itemAt(events, 0)])]).toThrow(/not in time order/);
  });

  it('encodes rows with the vocabularies stored in the schema', () => {
    const rows = [...buildTrainingExamples(events)].map((e) => e.row);
    const apple = { ...itemAt(rows, 0), brand: 'apple' };
    rows[0] = apple;
    const schema = buildFeatureSchema(rows, FEATURE_NAMES);
    expect(schema.vocabularies.brand).toEqual(['apple']);
    const matrix = encodeRows([apple, { ...itemAt(rows, 1), brand: 'unknown-brand' }], schema);
    const brand = FEATURE_NAMES.indexOf('brand');
    expect(matrix[brand]).toBe(0);
    expect(matrix[FEATURE_NAMES.length + brand]).toBeNaN();
    expect(matrix[FEATURE_NAMES.indexOf('price')]).toBe(10);
  });
});
