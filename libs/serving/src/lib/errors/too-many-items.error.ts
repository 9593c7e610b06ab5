import { ServingError } from './serving.error';

/** More items than `INFERENCE_MAX_ITEMS` in one request. */
export class TooManyItemsError extends ServingError {
  constructor(
    readonly count: number,
    readonly limit: number,
  ) {
    super(
      `${count} items in one request, more than the limit of ${limit} (INFERENCE_MAX_ITEMS): split the request`,
      'TOO_MANY_ITEMS',
      false,
    );
  }
}
