import { ItemPrediction } from './item-prediction';

/** `POST /predict`'s answer, and the body of `inference.predict.reply`. */
export interface PredictResponse {
  predictions: ItemPrediction[];
}
