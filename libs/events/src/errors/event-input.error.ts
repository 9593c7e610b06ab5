export type EventInputErrorCode =
  | 'MISSING_COLUMNS'
  | 'TRUNCATED_INPUT'
  | 'MALFORMED_INPUT'
  | 'INPUT_TOO_LARGE'
  | 'UNSUPPORTED_FORMAT';

/**
 * An object that cannot be read as a whole (as opposed to one bad record, which becomes an
 * `EventRejection`). None of these get better by retrying the same bytes, so `retriable` is
 * false; errors from the caller's own stream (network, disk) pass through unchanged.
 */
export abstract class EventInputError extends Error {
  abstract readonly code: EventInputErrorCode;
  readonly retriable: boolean = false;

  protected constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
