export * from './lib/bulk-insert';
export * from './lib/database.constants';
export * from './lib/database-schema';
export * from './lib/errors/database.error';
export * from './lib/json-text.transformer';
export * from './lib/nest/database.module';
export * from './lib/platform-data-source';
export * from './lib/write-transaction';
