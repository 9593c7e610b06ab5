// Test environment for specs that run onnxruntime-node (libs/training, libs/serving, apps/inference-api).
//
// ONNX Runtime's native binding creates its output typed arrays in Node's main realm, while
// jest runs each spec in a separate vm context with its own Float32Array; onnxruntime-common then
// rejects the outputs ("A float32 tensor's data must be type of function Float32Array()").
// Sharing the main realm's typed-array constructors with the spec context removes the mismatch.
// Only jest needs this: a real process has a single realm.
const { TestEnvironment } = require('jest-environment-node');

const SHARED = [
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];

class OnnxRuntimeEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}

module.exports = OnnxRuntimeEnvironment;
