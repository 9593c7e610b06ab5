export * from './lib/consumer-lag-monitor';
export * from './lib/feature-pipeline.module';
export * from './lib/lake-notification-handler';
export * from './lib/lake-notifications.controller';
export * from './lib/lake-object-processor';
export * from './lib/object-letters';
export * from './lib/object-outcome';
export * from './lib/stream-processor.metrics';
