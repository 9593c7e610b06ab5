module.exports = {
  displayName: 'simulator',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/simulator',
  // Jest runs modules in a vm context where every global lookup goes through an interceptor
  // (jestjs/jest#5163); the generator and csv-parse use Math, Buffer and String per event.
  sandboxInjectedGlobals: ['Math', 'Buffer', 'Number', 'String', 'JSON', 'Date', 'Object', 'Array', 'Symbol', 'Promise'],
};
