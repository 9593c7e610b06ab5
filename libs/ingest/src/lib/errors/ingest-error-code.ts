/** What went wrong, stable for clients and logs; the HTTP edge maps each to a status (`IngestErrorFilter`). */
export type IngestErrorCode =
  | 'NO_VALID_EVENT'
  | 'INVALID_EVENT_INPUT'
  | 'BATCH_WRITE_FAILED'
  | 'SHUTTING_DOWN'
  | 'JOB_NOT_FOUND'
  | 'JOB_CONFLICT'
  | 'INVALID_REQUEST'
  | 'FILE_NOT_FOUND'
  | 'BODY_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'IDEMPOTENCY_KEY_IN_FLIGHT'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'PATH_NOT_ALLOWED'
  | 'TOO_MANY_JOBS'
  | 'CLIENT_ABORTED';
