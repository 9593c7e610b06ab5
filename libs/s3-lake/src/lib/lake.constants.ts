/** Injection token of the `Lake` port. */
export const LAKE = Symbol('LAKE');

/** The lake's buckets (DESIGN.md section 4), created at start-up when missing. */
export const LAKE_BUCKETS = ['datasource', 'bronze', 'storage'] as const;

/** Stored when a writer gives no content type; the same in both drivers so reads agree. */
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';
