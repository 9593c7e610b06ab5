export * from './lib/clean-event.entity';
export * from './lib/offline-event-store';
export * from './lib/offline-store.module';
export * from './lib/offline-store.schema';
export * from './lib/processed-object.entity';
