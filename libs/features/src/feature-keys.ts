/** The online store's keys (DESIGN.md section 6); the triple key keeps the original system's format. */
export const tripleKeyFor = (userId: string, productId: string, session: string): string =>
  `user:${userId}:product:${productId}:session:${session}`;
export const sessionKeyFor = (session: string): string => `session:${session}`;
export const userKeyFor = (userId: string): string => `user:${userId}`;
export const productKeyFor = (productId: string): string => `product:${productId}`;

/** The four records a prediction for (user, product, session) reads, in one round trip. */
export interface EntityKeys {
  triple: string;
  session: string;
  user: string;
  product: string;
}

export function entityKeysFor(userId: string, productId: string, session: string): EntityKeys {
  return {
    triple: tripleKeyFor(userId, productId, session),
    session: sessionKeyFor(session),
    user: userKeyFor(userId),
    product: productKeyFor(productId),
  };
}
