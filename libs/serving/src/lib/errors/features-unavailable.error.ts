import { ServingError } from './serving.error';

/** The online store did not answer: the features cannot be read now. */
export class FeaturesUnavailableError extends ServingError {
  constructor(options?: { cause?: unknown }) {
    super(
      'the online feature store does not answer: try again shortly',
      'ONLINE_STORE_UNAVAILABLE',
      true,
      options,
    );
  }
}
