import { parse } from 'lossless-json';
import { InvalidPredictRequestError } from '../errors/invalid-predict-request.error';
import { PredictItem } from './predict-item';
import { readPredictItems } from './read-predict-items';

/**
 * `POST /predict`'s body → items. JSON numbers keep their exact text (lossless-json): a 19-digit
 * id written as a number is never rounded through a double. Any syntax error is a 400 naming the
 * position.
 */
export function parsePredictBody(body: string, maxItems: number): PredictItem[] {
  if (body.trim() === '') {
    throw new InvalidPredictRequestError([{ path: '', rule: 'json', message: 'the body is empty: send a JSON array of items' }]);
  }
  let parsed: unknown;
  try {
    parsed = parse(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidPredictRequestError([{ path: '', rule: 'json', message: `not valid JSON: ${reason}` }]);
  }
  return readPredictItems(parsed, maxItems);
}
