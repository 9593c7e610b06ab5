/** How long each entity's record lives after its last update, in seconds. */
export interface FeatureTtl {
  triple: number;
  session: number;
  user: number;
  product: number;
}

const DAY = 24 * 60 * 60;

/** Sessions matter for a day or two; a user's and a product's history for a quarter. */
export const DEFAULT_FEATURE_TTL: FeatureTtl = { triple: 2 * DAY, session: 2 * DAY, user: 90 * DAY, product: 90 * DAY };
