export * from './lib/http-request-duration.metric';
export * from './lib/metric-definitions';
export * from './lib/metric-name';
export * from './lib/metric-name.error';
export * from './lib/metrics.constants';
export * from './lib/platform-metrics.module';
export * from './lib/platform-metrics.options';
