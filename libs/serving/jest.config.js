module.exports = {
  displayName: 'serving',
  preset: '../../jest.preset.js',
  // ONNX Runtime's outputs must pass its own instanceof checks inside jest's sandbox (see the file).
  testEnvironment: '<rootDir>/../../jest-onnx.environment.js',
  coverageDirectory: '../../coverage/libs/serving',
};
