// The harness helpers that call jest's globals (describe, it, expect): a second entry point, so
// that @platform/testing itself compiles without jest's types (tools/bench imports it outside jest).
export * from './lib/app-process.contract';
