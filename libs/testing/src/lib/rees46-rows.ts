/** Real rows of the REES46 October file (`../shared/data/rees46/2019-Oct-tail-100k.csv.gz`), as JSON objects. */
export const REES46_ROWS = [
  {
    event_time: '2019-10-31 18:50:55 UTC',
    event_type: 'view',
    product_id: '8800637',
    category_id: '2053013555573162395',
    category_code: 'electronics.telephone',
    brand: 'nokia',
    price: '76.96',
    user_id: '544496263',
    user_session: 'a5628f7a-2e1c-4af7-9252-1deb3ef674fd',
  },
  {
    event_time: '2019-10-31 18:50:56 UTC',
    event_type: 'view',
    product_id: '18000362',
    category_id: '2053013558525952589',
    category_code: '',
    brand: 'handwers',
    price: '43.73',
    user_id: '512421046',
    user_session: '68cdc1f1-d464-41d2-b4a5-ee45d99a3e26',
  },
  {
    event_time: '2019-10-31 18:50:56 UTC',
    event_type: 'view',
    product_id: '21411440',
    category_id: '2053013561579406073',
    category_code: 'electronics.clocks',
    brand: '',
    price: '49.94',
    user_id: '513386399',
    user_session: 'cf833116-6160-4cbd-8de8-d67fa2727d7e',
  },
] as const;

/** The same rows as the gateway writes them (normalised raw fields, see `normalisedRecordLine`). */
export const REES46_NORMALISED = [
  {
    event_time: '2019-10-31T18:50:55.000Z',
    event_type: 'view',
    product_id: '8800637',
    category_id: '2053013555573162395',
    category_code: 'electronics.telephone',
    brand: 'nokia',
    price: 76.96,
    user_id: '544496263',
    user_session: 'a5628f7a-2e1c-4af7-9252-1deb3ef674fd',
  },
  {
    event_time: '2019-10-31T18:50:56.000Z',
    event_type: 'view',
    product_id: '18000362',
    category_id: '2053013558525952589',
    category_code: '',
    brand: 'handwers',
    price: 43.73,
    user_id: '512421046',
    user_session: '68cdc1f1-d464-41d2-b4a5-ee45d99a3e26',
  },
  {
    event_time: '2019-10-31T18:50:56.000Z',
    event_type: 'view',
    product_id: '21411440',
    category_id: '2053013561579406073',
    category_code: 'electronics.clocks',
    brand: '',
    price: 49.94,
    user_id: '513386399',
    user_session: 'cf833116-6160-4cbd-8de8-d67fa2727d7e',
  },
];

/** `n` valid events (distinct sessions and products), as JSON objects. */
export function syntheticRows(n: number, offset = 0): Record<string, string>[] {
  return Array.from({ length: n }, (_, i) => {
    const k = offset + i;
    return {
      event_time: new Date(Date.UTC(2019, 9, 31, 19) + k * 1000).toISOString(),
      event_type: k % 10 === 0 ? 'cart' : 'view',
      product_id: String(1_000_000 + k),
      category_id: '2053013555631882655',
      category_code: 'electronics.smartphone',
      brand: 'apple',
      price: (100 + (k % 50)).toFixed(2),
      user_id: String(500_000_000 + (k % 97)),
      user_session: `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`,
    };
  });
}
