import { PlatformError } from '@platform/common';
import { IngestErrorCode } from './ingest-error-code';

/** Base of the gateway's errors: a stable `code`, and whether the same call may succeed later. */
export abstract class IngestError extends PlatformError<IngestErrorCode> {}
