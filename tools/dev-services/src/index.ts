export * from './app-process.contract';
export * from './lake-objects';
export * from './rees46-rows';
export * from './service-process';
export * from './services-env';
