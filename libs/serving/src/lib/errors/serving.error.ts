import { PlatformError } from '@platform/common';
import { ServingErrorCode } from './serving-error-code';

/** Base of the inference API's errors: a stable `code`, and whether the same call may succeed later. */
export abstract class ServingError extends PlatformError<ServingErrorCode> {}
