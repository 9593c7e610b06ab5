import { FeatureRecord } from './key-update';
import { SESSION_PRODUCT_FLAG, USER_SESSION_FLAG } from './reduce-events';

/** The named model vector (DESIGN.md section 6). A model stores the names and order it was trained on. */
export const FEATURE_NAMES = [
  'price',
  'category_l1',
  'category_l2',
  'brand',
  'weekday',
  'hour',
  'session_events',
  'session_views',
  'session_carts',
  'session_purchases',
  'session_distinct_products',
  'session_duration_s',
  'product_session_views',
  'product_session_carts',
  'product_session_removes',
  'user_views',
  'user_carts',
  'user_purchases',
  'user_sessions',
  'user_purchase_rate',
  'product_views',
  'product_carts',
  'product_purchases',
  'product_cart_rate',
  'product_conversion_rate',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

/** Encoded by vocabularies stored with the model; every other feature is numeric. */
export const CATEGORICAL_FEATURES: readonly FeatureName[] = ['category_l1', 'category_l2', 'brand'];

/** A snapshot: numbers (NaN when unknown) and category strings (null when absent). */
export type FeatureRow = { [name in FeatureName]: name extends 'category_l1' | 'category_l2' | 'brand' ? string | null : number };

export interface EntityRecords {
  triple: FeatureRecord | null;
  session: FeatureRecord | null;
  user: FeatureRecord | null;
  product: FeatureRecord | null;
}

/**
 * Turns the four stored records into the model vector. `at` (epoch ms) sets weekday and hour; it
 * defaults to the session's newest event, which is the example's own event in the offline replay
 * and the latest click when serving.
 */
export function snapshot(records: EntityRecords, at?: number): FeatureRow {
  const { triple, session, user, product } = records;
  const time = at ?? num(session, 'last_ts');
  const date = Number.isFinite(time) ? new Date(time) : undefined;
  const userViews = count(user, 'views');
  const productViews = count(product, 'views');
  return {
    price: num(product, 'price'),
    category_l1: text(product, 'category_l1'),
    category_l2: text(product, 'category_l2'),
    brand: text(product, 'brand'),
    // Monday = 0 ... Sunday = 6, in UTC, as libs/events derives it.
    weekday: date ? (date.getUTCDay() + 6) % 7 : NaN,
    hour: date ? date.getUTCHours() : NaN,
    session_events: count(session, 'events'),
    session_views: count(session, 'views'),
    session_carts: count(session, 'carts'),
    session_purchases: count(session, 'purchases'),
    session_distinct_products: flags(session, SESSION_PRODUCT_FLAG),
    session_duration_s: session ? (num(session, 'last_ts') - num(session, 'first_ts')) / 1000 : NaN,
    product_session_views: count(triple, 'views'),
    product_session_carts: count(triple, 'carts'),
    product_session_removes: count(triple, 'removes'),
    user_views: userViews,
    user_carts: count(user, 'carts'),
    user_purchases: count(user, 'purchases'),
    user_sessions: flags(user, USER_SESSION_FLAG),
    user_purchase_rate: user ? count(user, 'purchases') / Math.max(userViews, 1) : NaN,
    product_views: productViews,
    product_carts: count(product, 'carts'),
    product_purchases: count(product, 'purchases'),
    product_cart_rate: product ? count(product, 'carts') / Math.max(productViews, 1) : NaN,
    product_conversion_rate: product ? count(product, 'purchases') / Math.max(productViews, 1) : NaN,
  };
}

/** A count is 0 when the entity exists without that field, and 0 when the entity is unknown. */
function count(record: FeatureRecord | null, field: string): number {
  return record ? Number(record[field] ?? 0) : 0;
}

function num(record: FeatureRecord | null, field: string): number {
  const value = record?.[field];
  return value === undefined || value === '' ? NaN : Number(value);
}

function text(record: FeatureRecord | null, field: string): string | null {
  const value = record?.[field];
  return value === undefined || value === '' ? null : String(value);
}

function flags(record: FeatureRecord | null, prefix: string): number {
  if (!record) return 0;
  let total = 0;
  for (const field of Object.keys(record)) if (field.startsWith(prefix)) total++;
  return total;
}
