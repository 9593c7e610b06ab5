import { defaultTrainingExamples, type ClickEvent } from './training-examples';

/** The rates compared between the real slices and the simulator's output (README table). */
export interface ClickstreamRates {
  events: number;
  sessions: number;
  users: number;
  products: number;
  eventsPerSession: number;
  sessionsPerUser: number;
  /** Share of sessions with a single event. */
  singleEventSessions: number;
  distinctProductsPerSession: number;
  viewShare: number;
  cartShare: number;
  removeShare: number;
  purchaseShare: number;
  viewsPerCart: number;
  cartsPerView: number;
  purchasesPerView: number;
  /** Share of purchases without a cart of the product earlier in the session. */
  purchasesWithoutCart: number;
  /** Default training examples per event, and their share of positives. */
  examplesPerEvent: number;
  positiveRate: number;
  /** Share of views going to the most viewed 1 % and 10 % of products (power-law check). */
  top1PercentProductsViewShare: number;
  top10PercentProductsViewShare: number;
  /** Mean seconds from a session's first to last event. */
  meanSessionSeconds: number;
}

export function measureClickstreamRates(events: readonly (ClickEvent & { price?: number })[]): ClickstreamRates {
  const count: Record<string, number> & Record<'view' | 'cart' | 'remove_from_cart' | 'purchase', number> = { view: 0, cart: 0, remove_from_cart: 0, purchase: 0 };
  const sessions = new Map<string, { events: number; first: number; last: number; products: Set<string>; carted: Set<string> }>();
  const users = new Set<string>();
  const productViews = new Map<string, number>();
  let purchasesWithoutCart = 0;
  for (const event of events) {
    count[event.event_type] = (count[event.event_type] ?? 0) + 1;
    users.add(event.user_id);
    let session = sessions.get(event.user_session);
    if (session === undefined) {
      session = { events: 0, first: event.event_time_ms, last: event.event_time_ms, products: new Set(), carted: new Set() };
      sessions.set(event.user_session, session);
    }
    session.events += 1;
    session.first = Math.min(session.first, event.event_time_ms);
    session.last = Math.max(session.last, event.event_time_ms);
    session.products.add(event.product_id);
    if (event.event_type === 'cart') session.carted.add(event.product_id);
    if (event.event_type === 'purchase' && !session.carted.has(event.product_id)) purchasesWithoutCart += 1;
    if (event.event_type === 'view') productViews.set(event.product_id, (productViews.get(event.product_id) ?? 0) + 1);
  }
  const examples = defaultTrainingExamples(events);
  const views = [...productViews.values()].sort((a, b) => b - a);
  const topShare = (fraction: number) => views.slice(0, Math.ceil(views.length * fraction)).reduce((a, b) => a + b, 0) / count.view;
  const all = [...sessions.values()];
  const n = events.length;
  return {
    events: n,
    sessions: sessions.size,
    users: users.size,
    products: new Set(events.map((event) => event.product_id)).size,
    eventsPerSession: n / sessions.size,
    sessionsPerUser: sessions.size / users.size,
    singleEventSessions: all.filter((session) => session.events === 1).length / sessions.size,
    distinctProductsPerSession: all.reduce((sum, session) => sum + session.products.size, 0) / sessions.size,
    viewShare: count.view / n,
    cartShare: count.cart / n,
    removeShare: count.remove_from_cart / n,
    purchaseShare: count.purchase / n,
    viewsPerCart: count.view / count.cart,
    cartsPerView: count.cart / count.view,
    purchasesPerView: count.purchase / count.view,
    purchasesWithoutCart: purchasesWithoutCart / count.purchase,
    examplesPerEvent: examples.length / n,
    positiveRate: examples.filter((example) => example.label).length / examples.length,
    top1PercentProductsViewShare: topShare(0.01),
    top10PercentProductsViewShare: topShare(0.1),
    meanSessionSeconds: all.reduce((sum, session) => sum + (session.last - session.first), 0) / sessions.size / 1000,
  };
}
