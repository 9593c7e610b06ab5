/**
 * How many members a capped set keeps (DESIGN.md section 6): the newest distinct products of a
 * session (`p:<product>`) and the newest sessions of a user (`s:<session>`). One bot session must
 * not grow a hash without bound; on the real REES46 rows 3 sessions in 73,000 view more than 100
 * products. The counts read from them (`session_distinct_products`, `user_sessions`) stop at the cap.
 */
export interface FeatureCaps {
  sessionProducts: number;
  userSessions: number;
}

export const DEFAULT_FEATURE_CAPS: FeatureCaps = { sessionProducts: 100, userSessions: 100 };
