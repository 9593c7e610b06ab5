/** What went wrong, stable for clients and logs; each edge maps it (HTTP status, Kafka error reply). */
export type ServingErrorCode =
  | 'INVALID_PREDICT_REQUEST'
  | 'TOO_MANY_ITEMS'
  | 'BODY_TOO_LARGE'
  | 'NO_CHAMPION'
  | 'ONLINE_STORE_UNAVAILABLE'
  | 'MODEL_LOAD_FAILED';
