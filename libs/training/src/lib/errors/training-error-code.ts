/** What went wrong in a training, stable for clients and logs; the HTTP edge maps each to a status. */
export type TrainingErrorCode =
  | 'INVALID_TRAINING_REQUEST'
  | 'NO_CLEAN_EVENTS'
  | 'NOT_ENOUGH_EXAMPLES'
  | 'TRAINING_IN_PROGRESS'
  | 'CHAMPION_NOT_COMPARABLE'
  | 'ARTIFACT_WRITE_FAILED'
  | 'SEARCH_FAILED'
  | 'TRAINING_CANCELLED';
