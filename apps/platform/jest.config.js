module.exports = {
  displayName: 'platform',
  preset: '../../jest.preset.js',
  // ONNX Runtime's outputs must pass its own instanceof checks inside jest's sandbox (see the file).
  testEnvironment: '<rootDir>/../../jest-onnx.environment.js',
  // @fastify/static (Swagger UI's files) requires content-disposition 3, an ES module: Node 20 loads
  // it natively, jest's module system only once it is compiled to CommonJS like our sources.
  transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm|@fastify/static/node_modules/content-disposition|content-disposition)/)'],
  coverageDirectory: '../../coverage/apps/platform',
};
