export * from './app-process.contract';
export * from './service-process';
export * from './services-env';
