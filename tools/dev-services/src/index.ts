export * from './service-process';
export * from './services-env';
