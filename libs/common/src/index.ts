export * from './lib/collections/item-at';
export * from './lib/errors/classify-failure';
export * from './lib/errors/connection-failure';
export * from './lib/errors/platform-error';
export * from './lib/lake/lake-object-id';
export * from './lib/retry/abortable-delay';
export * from './lib/retry/backoff-policy';
export * from './lib/retry/retry-with-backoff';
