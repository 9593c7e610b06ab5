import { FeatureAvailability } from '../features/item-features';

/** The answer for one item (POST /predict and `inference.predict.reply` alike). */
export interface ItemPrediction {
  user_id: string;
  product_id: string;
  /** The session the features came from; null when the user has none in the online store. */
  user_session: string | null;
  /** Probability that the user buys this product later in the session; null when `features` is `missing`. */
  probability: number | null;
  features: FeatureAvailability;
  model: string;
  version: number;
}
