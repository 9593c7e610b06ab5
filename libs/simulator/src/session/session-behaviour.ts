/** How sessions unfold; calibrated so that the output's rates match the real slices (README). */
export const SESSION_BEHAVIOUR = {
  /** A session continues after each view step with probability c ~ Beta(a, b), drawn per session. */
  continueBeta: { a: 4.6, b: 2.45 },
  maxViewSteps: 300,
  /** A later step re-views an already viewed product with this probability... */
  repeatView: 0.36,
  /** ...the last one viewed with this probability, else any of them. */
  repeatLast: 0.6,
  /** The first category comes from the user's preferences with this probability. */
  startInPreferred: 0.75,
  /** A new product is from the current category with this probability, else the category changes. */
  stayInCategory: 0.65,
  /** Seconds between steps: 1 + ln N(mu, sigma), capped. */
  gap: { mu: 3.4, sigma: 1.5, capSeconds: 1800 },
  /** Seconds between a view and a cart or purchase that follows it. */
  followUpGap: { mu: 2.3, sigma: 1.0, capSeconds: 600 },
  /** A decided purchase happens this many view steps later: 1 + geometric(p). */
  purchaseDelayP: 0.5,
  /** Share of purchases with a cart event first (real rows: about a third). */
  cartBeforePurchase: 0.33,
  /** A product not bought is carted anyway with probability factor × purchase probability. */
  abandonedCartFactor: 0.4,
  /** An abandoned cart is removed later with this probability (the real slices have none). */
  removeAbandonedCart: 0.1,
} as const;
