import { DEFAULT_FEATURE_CAPS } from './feature-caps';
import { compareEventTime, FeatureEvent } from './feature-event';
import { entityKeysFor } from './feature-keys';
import { FeatureState } from './feature-state';
import { DEFAULT_FEATURE_TTL } from './feature-ttl';
import { CATEGORICAL_FEATURES, FEATURE_NAMES, FeatureRow, snapshot } from './feature-vector';
import { reduceEvents } from './reduce-events';
import { ExampleMode, ExampleReplay } from './training-examples';

/** The replay as the online path computes it: `reduceEvents` per event applied by `FeatureState`, then `snapshot`. */
class ReferenceReplay {
  private readonly state = new FeatureState();

  constructor(private readonly mode: ExampleMode) {}

  next(event: FeatureEvent): FeatureRow | undefined {
    const at = event.event_time_ms;
    this.state.apply(reduceEvents([event], DEFAULT_FEATURE_TTL, DEFAULT_FEATURE_CAPS));
    const keys = entityKeysFor(event.user_id, event.product_id, event.user_session);
    const triple = this.state.read(keys.triple);
    const example =
      this.mode === 'cart' ? event.event_type === 'cart' : event.event_type === 'view' && Number(triple?.['views']) === 1 && Number(triple?.['first_ts']) === at;
    if (!example) return undefined;
    return snapshot({ triple, session: this.state.read(keys.session), user: this.state.read(keys.user), product: this.state.read(keys.product) }, at);
  }
}

/** mulberry32: a small seeded generator, so that a failure replays the same stream. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES: FeatureEvent['event_type'][] = ['view', 'view', 'view', 'view', 'cart', 'remove_from_cart', 'purchase'];
const HOUR = 3_600_000;

/**
 * A stream that reaches every rule: equal times (the event id decides), gaps past the triple and
 * session TTLs (2 days) and past the user and product TTLs (90 days), a bot session viewing more
 * products than the session cap, a user with more sessions than the user cap, missing and empty
 * categories and brands, prices that change.
 */
function hostileStream(seed: number, count: number): FeatureEvent[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const events: FeatureEvent[] = [];
  let time = Date.UTC(2019, 9, 1);
  for (let i = 0; i < count; i++) {
    const roll = next();
    if (roll < 0.0002) time += 100 * 24 * HOUR;
    else if (roll < 0.0007) time += 3 * 24 * HOUR;
    else if (roll < 0.3) time += 0;
    else time += Math.floor(next() * 60_000);
    const bot = next() < 0.1;
    const collector = !bot && next() < 0.1;
    const user = bot ? 'bot' : collector ? 'collector' : `u${Math.floor(next() * 40)}`;
    const session = bot ? 'bot-session' : collector ? `c${i}` : `${user}-s${Math.floor(next() * 4)}`;
    const product = bot ? `p${i % 250}` : `p${Math.floor(next() * 60)}`;
    events.push({
      event_id: `e${String(Math.floor(next() * 1e9)).padStart(9, '0')}-${i}`,
      event_time_ms: time,
      event_type: pick(TYPES),
      product_id: product,
      category_id: `c${product.length}`,
      ...(next() < 0.8 ? { category_l1: pick(['electronics', 'appliances', '']) } : {}),
      ...(next() < 0.8 ? { category_l2: pick(['smartphone', 'kitchen', '']) } : {}),
      ...(next() < 0.7 ? { brand: pick(['apple', 'samsung', 'bosch', '']) } : {}),
      price: Math.round(next() * 100_000) / 100,
      user_id: user,
      user_session: session,
    });
  }
  return events.sort(compareEventTime);
}

describe('ExampleReplay has the online reducer semantics', () => {
  it.each<[ExampleMode, number]>([
    ['first-view', 1],
    ['first-view', 2],
    ['cart', 3],
  ])('in %s mode its snapshots equal reduceEvents + FeatureState + snapshot at every event (seed %i)', (mode, seed) => {
    const events = hostileStream(seed, 20_000);
    const reference = new ReferenceReplay(mode);
    const replay = new ExampleReplay(mode);
    const rowReplay = new ExampleReplay(mode);
    const values = new Float32Array(FEATURE_NAMES.length);
    let examples = 0;
    const capped = { sessionProducts: 0, userSessions: 0 };
    for (const event of events) {
      const expected = reference.next(event);
      const isExample = replay.advance(event);
      expect({ event: event.event_id, isExample }).toEqual({ event: event.event_id, isExample: expected !== undefined });
      expect(rowReplay.next(event)).toEqual(expected);
      if (!expected) continue;
      examples++;
      if (expected.session_distinct_products === DEFAULT_FEATURE_CAPS.sessionProducts) capped.sessionProducts++;
      if (expected.user_sessions === DEFAULT_FEATURE_CAPS.userSessions) capped.userSessions++;
      const strings: (string | null)[] = [];
      replay.writeSnapshot(values, 0, (c, value) => (strings.push(value), c));
      FEATURE_NAMES.forEach((name, column) => {
        const c = CATEGORICAL_FEATURES.indexOf(name);
        if (c >= 0) expect(strings[c]).toBe(expected[name]);
        else expect([name, values[column]]).toEqual([name, Math.fround(expected[name] as number)]);
      });
    }
    expect(examples).toBeGreaterThan(mode === 'cart' ? 1000 : 3000);
    if (mode === 'first-view') expect(Math.min(capped.sessionProducts, capped.userSessions)).toBeGreaterThan(0);
  });
});
