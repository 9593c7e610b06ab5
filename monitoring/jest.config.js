module.exports = {
  displayName: 'monitoring',
  preset: '../jest.preset.js',
  // The integration spec publishes a test champion, whose ONNX export runs ONNX Runtime (see the file).
  testEnvironment: '<rootDir>/../jest-onnx.environment.js',
  coverageDirectory: '../coverage/monitoring',
};
