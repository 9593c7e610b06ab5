module.exports = {
  displayName: 'events',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/events',
  // Jest runs modules in a vm context where every global lookup goes through an interceptor
  // (jestjs/jest#5163): csv-parse touches Math and Buffer per character, 50x slower than in
  // node. Injected globals are looked up once per module instead.
  sandboxInjectedGlobals: ['Math', 'Buffer', 'Number', 'String', 'JSON', 'Date', 'Object', 'Array', 'Symbol', 'Promise'],
};
