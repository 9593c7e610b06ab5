import { ServingError } from './serving.error';

/** One thing wrong with a request: where (`items[3].user_id`), what was there, which rule it broke. */
export interface PredictIssue {
  path: string;
  /** The value as received (its JSON text, cut to 100 characters); absent when the field is missing. */
  value?: string;
  rule: PredictRule;
  message: string;
}

export type PredictRule =
  | 'json'
  | 'array'
  | 'min_items'
  | 'object'
  | 'unknown_field'
  | 'required'
  | 'id_type'
  | 'digits'
  | 'session_type'
  | 'uuid';

/** A request that can never succeed as sent: every problem found is listed (up to a bound). */
export class InvalidPredictRequestError extends ServingError {
  constructor(readonly issues: readonly PredictIssue[]) {
    const [first] = issues;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super(
      `invalid predict request: ${first ? `${first.path || 'body'}: ${first.message}` : 'unknown problem'}${more}`,
      'INVALID_PREDICT_REQUEST',
      false,
    );
  }
}
