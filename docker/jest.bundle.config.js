// `nx run docker:bundle-check`: the production bundles (built first by the target's dependencies).
module.exports = {
  displayName: 'docker-bundles',
  preset: '../jest.preset.js',
  testMatch: ['<rootDir>/src/**/*.bundle.spec.ts'],
  // The check publishes a test champion, whose ONNX export runs ONNX Runtime (see the file).
  testEnvironment: '<rootDir>/../jest-onnx.environment.js',
  coverageDirectory: '../coverage/docker-bundles',
};
