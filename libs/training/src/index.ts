export * from './lib/onnx/export-verified-onnx';
export * from './lib/onnx/onnx-runtime.session';
export * from './lib/trials/piscina-trial.executor';
