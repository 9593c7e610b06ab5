export * from './lib/clean-event.entity';
export * from './lib/offline-event-store';
export * from './lib/offline-store.extras';
export * from './lib/processed-object.entity';
