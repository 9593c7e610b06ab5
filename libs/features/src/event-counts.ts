import type { FeatureEvent } from './feature-event';

/** Per-type counters every entity keeps (`views`, `carts`, `removes`, `purchases`). */
export class EventCounts {
  views = 0;
  carts = 0;
  removes = 0;
  purchases = 0;

  count(type: FeatureEvent['event_type']): void {
    if (type === 'view') this.views++;
    else if (type === 'cart') this.carts++;
    else if (type === 'remove_from_cart') this.removes++;
    else this.purchases++;
  }
}
