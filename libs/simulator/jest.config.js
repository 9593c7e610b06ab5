const preset = require('../../jest.preset.js');

module.exports = {
  displayName: 'simulator',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/simulator',
  // csv-parse and the line writers touch Buffer per character; safe here (no dependency redeclares it).
  sandboxInjectedGlobals: [...preset.sandboxInjectedGlobals, 'Buffer'],
};
