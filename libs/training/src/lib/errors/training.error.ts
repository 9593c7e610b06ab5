import { PlatformError } from '@platform/common';
import { TrainingErrorCode } from './training-error-code';

/** Base of the trainer's errors: a stable `code` (the HTTP edge maps it to a status), and whether trying again may succeed. */
export abstract class TrainingError extends PlatformError<TrainingErrorCode> {}
