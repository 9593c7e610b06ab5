/**
 * The ground truth: the probability that a user buys a product later in the session, decided at
 * the session's first view of that product (the moment a default training example is taken,
 * DESIGN.md section 6). The generator draws the purchase from exactly this probability and no
 * purchase happens any other way, so scoring examples with it gives the best achievable ROC-AUC.
 * Written out in the README; change both together.
 */
const PURCHASE_MODEL = {
  intercept: -5.5,
  /** × user price sensitivity × ln(price / category median price): cheaper than usual sells. */
  price: -0.9,
  /** × ln(1 + events of the session before this view): engaged sessions buy. */
  sessionActivity: 0.55,
  /** × ln(1 + the user's purchases before this session): buyers come back to buy. */
  userHistory: 0.9,
  /** × ln(popularity / average popularity): popular products convert better. */
  popularity: 0.1,
  /** Added when the product is in one of the user's two preferred categories. */
  preferredCategory: 0.5,
} as const;

export interface PurchaseInputs {
  /** ln(price + 1) − ln(category median price + 1). Visible: price and category. */
  priceLogRatio: number;
  /** Events of this session before this view. Visible: session event count. */
  eventsBefore: number;
  /** The user's purchases before this session. Visible: user history. */
  pastPurchases: number;
  /** ln(popularity × product count). Visible through product view counts. */
  popularityLog: number;
  /** Latent: the user's propensity (normal, sd 0.8). */
  propensity: number;
  /** Latent: the user's price sensitivity (log-normal around 1). */
  priceSensitivity: number;
  /** Latent: whether the category is one of the user's preferred two. */
  preferred: boolean;
}

export function purchaseProbability(inputs: PurchaseInputs): number {
  const m = PURCHASE_MODEL;
  const logit =
    m.intercept +
    inputs.propensity +
    m.price * inputs.priceSensitivity * inputs.priceLogRatio +
    m.sessionActivity * Math.log1p(inputs.eventsBefore) +
    m.userHistory * Math.log1p(inputs.pastPurchases) +
    m.popularity * inputs.popularityLog +
    (inputs.preferred ? m.preferredCategory : 0);
  return 1 / (1 + Math.exp(-logit));
}
