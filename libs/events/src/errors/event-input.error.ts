import { PlatformError } from '@platform/common';

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
export abstract class EventInputError extends PlatformError<EventInputErrorCode> {
  protected constructor(message: string, code: EventInputErrorCode) {
    super(message, code, false);
  }
}
