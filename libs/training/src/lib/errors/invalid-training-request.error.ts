import { TrainingError } from './training.error';

/** A training request (REST, Kafka or CLI) breaks a rule: names the field and what it expects. */
export class InvalidTrainingRequestError extends TrainingError {
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(`${field}: ${rule}`, 'INVALID_TRAINING_REQUEST', false);
  }
}
