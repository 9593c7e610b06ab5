/** One thing to score, as the API received it once validated: ids as exact decimal strings. */
export interface PredictItem {
  user_id: string;
  product_id: string;
  /** Lower case. Absent: the user's latest session in the online store. */
  user_session?: string;
}
