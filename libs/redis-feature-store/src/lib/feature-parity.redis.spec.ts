import { compareEventTime, DEFAULT_FEATURE_CAPS, DEFAULT_FEATURE_TTL, FeatureEvent, FeatureState, reduceEvents } from '@platform/features';
import { deleteKeysWithPrefix } from '@platform/testing';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { connectToDevRedis } from '../testing/redis-store.harness';
import { RedisOnlineFeatureStore } from './drivers/redis/redis-online-feature-store.driver';

/**
 * DESIGN.md section 6 on the real Redis: the stream processor's path (objects folded by
 * `reduceEvents`, applied by the guarded Lua script) ends where the trainer's offline replay ends
 * (one event at a time, in time order, through `FeatureState`), for users that return after a
 * session's and after a user's TTL and for sets over their caps. TTLs run in event time, so the
 * test moves event times, never the clock.
 */
const DAY = 86_400_000;
const T0 = Date.UTC(2019, 10, 1, 8, 0, 0);
const { sessionProducts, userSessions } = DEFAULT_FEATURE_CAPS;

let sequence = 0;
function click(at: number, user: string, session: string, product: string, type: FeatureEvent['event_type'] = 'view'): FeatureEvent {
  sequence++;
  return {
    event_id: `e${String(sequence).padStart(6, '0')}`,
    event_time_ms: at,
    event_type: type,
    product_id: product,
    category_id: '2053013555631882655',
    category_l1: 'electronics',
    category_l2: 'smartphone',
    brand: `brand-${product.length % 3}`,
    price: 10 + (sequence % 50),
    user_id: user,
    user_session: session,
  };
}

/** Windows of activity, each far (more than a TTL) from the next; inside one, objects arrive in any order. */
function history(): FeatureEvent[][] {
  const day0: FeatureEvent[] = [];
  // A bot session: 1.5 times the cap of distinct products, several events each.
  for (let i = 0; i < sessionProducts * 1.5; i++) day0.push(click(T0 + i * 1000, '1001', 'bot-session', `${5000 + i}`));
  for (let i = 0; i < 40; i++) day0.push(click(T0 + i * 1500 + 1, '1001', 'bot-session', `${5000 + (i % 7)}`, i % 5 === 0 ? 'cart' : 'view'));
  // A user with more sessions than the cap.
  for (let s = 0; s < userSessions + 30; s++) day0.push(click(T0 + s * 60_000, '1002', `busy-${s}`, `${7000 + (s % 9)}`));
  // A shopper who comes back in the same session after 2 days and as the same user after 90 days.
  for (const [n, type] of (['view', 'cart', 'view', 'purchase'] as const).entries()) day0.push(click(T0 + 3_600_000 + n * 1000, '1003', 'returning', '42', type));
  day0.push(click(T0 + 7_200_000, '1003', 'other', '43'));

  const day3: FeatureEvent[] = [];
  for (const [n, type] of (['view', 'view', 'remove_from_cart'] as const).entries()) day3.push(click(T0 + 3 * DAY + n * 1000, '1003', 'returning', '42', type));
  for (let i = 0; i < 20; i++) day3.push(click(T0 + 3 * DAY + 5000 + i, '1001', 'bot-session', `${5000 + i}`)); // the bot session again: afresh
  day3.push(click(T0 + 3 * DAY + 10, '1002', 'busy-0', '7000')); // the busy user's oldest session comes back

  const day100: FeatureEvent[] = [click(T0 + 100 * DAY, '1003', 'much-later', '42', 'purchase')];
  return [day0, day3, day100];
}

/** Cuts events (in time order) into objects of `size`, and shuffles them deterministically. */
function objectsOf(events: FeatureEvent[], size: number, seed: number): FeatureEvent[][] {
  const objects: FeatureEvent[][] = [];
  for (let start = 0; start < events.length; start += size) objects.push(events.slice(start, start + size));
  let state = seed;
  for (let i = objects.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [objects[i], objects[j]] = [objects[j] as FeatureEvent[], objects[i] as FeatureEvent[]];
  }
  return objects;
}

describe('online (Redis, guarded Lua) and offline (FeatureState replay) features agree across TTLs and caps', () => {
  let admin: Redis;
  let store: RedisOnlineFeatureStore;
  const keyPrefix = `test:parity:${randomBytes(4).toString('hex')}:`;
  const windows = history();
  const offline = new FeatureState();

  beforeAll(async () => {
    ({ admin } = await connectToDevRedis());
    store = new RedisOnlineFeatureStore({ client: new Redis(admin.options), keyPrefix, guardScope: 'batch' });
    // One object holding both sides of a session's TTL: the reducer splits it by generation.
    const split = [click(T0 + 200 * DAY, '1004', 'split', '99'), click(T0 + 203 * DAY, '1004', 'split', '99', 'cart')];
    // Offline: the trainer's replay, one event at a time in time order.
    for (const event of [...windows.flat(), ...split].sort(compareEventTime)) offline.apply(reduceEvents([event]));
    // Online: objects as the processor applies them; windows in time order, objects inside a window shuffled.
    let objectNumber = 0;
    const apply = (events: FeatureEvent[]) =>
      store.applyBatch({ batchId: `bronze/object-${objectNumber++}#etag#lines:1-50000`, updates: reduceEvents(events, DEFAULT_FEATURE_TTL) });
    for (const [w, window] of windows.entries()) for (const object of objectsOf(window, 37, w + 1)) await apply(object);
    await apply(split);
  });

  afterAll(async () => {
    await deleteKeysWithPrefix(admin, keyPrefix);
    await store?.close();
    admin?.disconnect();
  });

  it('holds, key by key, exactly the offline records', async () => {
    const keys = [...offline.keys()].sort();
    const online = await store.readMany(keys);
    const differences = keys.flatMap((key, i) => {
      const [got, expected] = [JSON.stringify(sorted(online[i] ?? null)), JSON.stringify(sorted(offline.read(key)))];
      return got === expected ? [] : [`${key}: online ${got}, offline ${expected}`];
    });
    expect(differences).toEqual([]);
    const stored: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await admin.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 1000);
      cursor = next;
      stored.push(...found.map((key) => key.slice(keyPrefix.length)).filter((key) => !key.startsWith('batch:') && !key.startsWith('freshness:')));
    } while (cursor !== '0');
    expect(stored.sort()).toEqual(keys);
  });

  it('caps the bot session and the busy user at their newest members', async () => {
    const [session, user] = await store.readMany(['session:bot-session', 'user:1002']);
    // The bot session came back after 2 days: only its 20 fresh products are there.
    expect(members(session, 'p:')).toHaveLength(20);
    expect(members(user, 's:')).toHaveLength(userSessions);
    expect(user?.['s:busy-0']).toBe(T0 + 3 * DAY + 10); // the oldest session came back: it is the newest now
    expect(user?.['s:busy-30']).toBeUndefined(); // ...so the oldest of the other 100 went
    expect(user?.['s:busy-31']).toBeDefined();
  });

  it('starts a returning session afresh and keeps the user history until its own TTL', async () => {
    const [session, user, product] = await store.readMany(['session:returning', 'user:1003', 'product:42']);
    expect(session).toMatchObject({ events: 3, views: 2, removes: 1, first_ts: T0 + 3 * DAY });
    expect(session?.['carts']).toBeUndefined();
    // After 97 days without events the user expired: only the purchase of day 100 is left.
    expect(user).toMatchObject({ events: 1, purchases: 1, latest_session: 'much-later' });
    expect(product).toMatchObject({ events: 1, purchases: 1 });
    const [split] = await store.readMany(['session:split']);
    expect(split).toMatchObject({ events: 1, carts: 1, first_ts: T0 + 203 * DAY });
  });
});

function members(record: Record<string, unknown> | null | undefined, prefix: string): string[] {
  return Object.keys(record ?? {}).filter((field) => field.startsWith(prefix));
}

/** Fields in name order: records are compared by their JSON text. */
function sorted(record: Record<string, string | number> | null): Record<string, string | number> | null {
  if (!record) return null;
  return Object.fromEntries(Object.keys(record).sort().map((field) => [field, record[field] as string | number]));
}
