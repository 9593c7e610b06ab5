/** The REES46 columns, in the order the public files write them. */
export const REES46_COLUMNS = [
  'event_time',
  'event_type',
  'product_id',
  'category_id',
  'category_code',
  'brand',
  'price',
  'user_id',
  'user_session',
] as const;

export type Rees46Column = (typeof REES46_COLUMNS)[number];

/**
 * Columns a CSV header must name. `category_code` and `brand` are often empty in real rows, so a
 * file that leaves those columns out entirely is read as if every value were empty.
 */
export const REQUIRED_COLUMNS: readonly Rees46Column[] = [
  'event_time',
  'event_type',
  'product_id',
  'category_id',
  'price',
  'user_id',
  'user_session',
];

/** One record as it arrives: every field a string (`''` when empty or missing), nothing checked yet. */
export type RawEvent = Record<Rees46Column, string>;
