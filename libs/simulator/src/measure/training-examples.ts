import { itemAt } from '@platform/common';

/** The fields the measurements read; `CleanEvent` from @platform/events has them all. */
export interface ClickEvent {
  event_type: string;
  product_id: string;
  user_id: string;
  user_session: string;
  event_time_ms: number;
}

export interface TrainingExample {
  /** Position of the example's view in the input. */
  index: number;
  /** The user buys the product later in the same session. */
  label: boolean;
}

/**
 * The default training examples of DESIGN.md section 6: one per first view of each (user,
 * product, session), labelled by a purchase of that product later in the same session ("later":
 * after the view in the session's events ordered by time, input order breaking ties — real files
 * do not keep the order within a second, and a purchase logged in the view's second counts).
 */
export function defaultTrainingExamples(events: readonly ClickEvent[]): TrainingExample[] {
  const sessions = new Map<string, number[]>();
  events.forEach((event, index) => {
    const key = `${event.user_id}/${event.user_session}`;
    const list = sessions.get(key);
    if (list === undefined) sessions.set(key, [index]);
    else list.push(index);
  });
  const examples: TrainingExample[] = [];
  for (const indexes of sessions.values()) {
    indexes.sort((a, b) => itemAt(events, a).event_time_ms - itemAt(events, b).event_time_ms || a - b);
    const firstView = new Map<string, number>();
    const purchasedAfter = new Set<string>();
    for (const index of indexes) {
      const event = itemAt(events, index);
      if (event.event_type === 'view' && !firstView.has(event.product_id)) firstView.set(event.product_id, index);
      else if (event.event_type === 'purchase' && firstView.has(event.product_id)) purchasedAfter.add(event.product_id);
    }
    for (const [product, index] of firstView) examples.push({ index, label: purchasedAfter.has(product) });
  }
  return examples.sort((a, b) => a.index - b.index);
}
