import { rocAuc } from './roc-auc';
import { defaultTrainingExamples, type ClickEvent } from './training-examples';

describe('rocAuc', () => {
  it('is 1 for a perfect ranking, 0 for a reversed one, 0.5 for ties', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [false, false, true, true])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [false, false, true, true])).toBe(0);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [false, true, false, true])).toBe(0.5);
  });

  it('counts pairs, ties half', () => {
    // Pairs (positive, negative): (0.4: 0.3 ✓, 0.4 ½, 0.6 ✗), (0.7: ✓ ✓ ✓) → 4.5 / 6.
    expect(rocAuc([0.3, 0.4, 0.6, 0.4, 0.7], [false, false, false, true, true])).toBeCloseTo(4.5 / 6, 10);
  });

  it('is NaN without both classes', () => {
    expect(rocAuc([0.1, 0.2], [true, true])).toBeNaN();
  });
});

describe('defaultTrainingExamples', () => {
  const at = (second: number, event_type: string, product_id: string, user_session = 's1', user_id = 'u1'): ClickEvent => ({
    event_time_ms: second * 1000,
    event_type,
    product_id,
    user_session,
    user_id,
  });

  it('takes the first view of each (user, product, session), labelled by a later purchase in that session', () => {
    const events = [
      at(1, 'view', 'a'),
      at(2, 'view', 'b'),
      at(3, 'view', 'a'), // a second view: no example
      at(4, 'cart', 'a'),
      at(5, 'purchase', 'a'),
      at(6, 'view', 'c', 's2'), // c is bought in another session only
      at(7, 'purchase', 'c', 's1'),
      at(8, 'view', 'a', 's2'),
    ];
    expect(defaultTrainingExamples(events)).toEqual([
      { index: 0, label: true },
      { index: 1, label: false },
      { index: 5, label: false },
      { index: 7, label: false },
    ]);
  });

  it('does not count a purchase before the view, and orders a session by time, input order within a second', () => {
    const events = [at(5, 'view', 'a'), at(1, 'purchase', 'a'), at(9, 'view', 'b'), at(9, 'purchase', 'b')];
    expect(defaultTrainingExamples(events)).toEqual([
      { index: 0, label: false },
      { index: 2, label: true },
    ]);
  });
});
