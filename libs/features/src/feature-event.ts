/**
 * What the feature reducer needs of a clean event (libs/events' CleanEvent has all of these).
 * Ids are strings end to end: category and user ids do not fit a JS number.
 */
export interface FeatureEvent {
  event_id: string;
  /** Epoch milliseconds, UTC. */
  event_time_ms: number;
  event_type: 'view' | 'cart' | 'remove_from_cart' | 'purchase';
  product_id: string;
  category_id: string;
  category_l1?: string;
  category_l2?: string;
  brand?: string;
  price: number;
  user_id: string;
  user_session: string;
}

/** Orders events by time, then by event id, so equal times fold and replay the same way every run. */
export function compareEventTime(a: FeatureEvent, b: FeatureEvent): number {
  return a.event_time_ms - b.event_time_ms || (a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0);
}
