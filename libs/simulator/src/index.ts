export * from './generate-clickstream';
export * from './simulator-options';
