const preset = require('../../jest.preset.js');

module.exports = {
  displayName: 'events',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/events',
  // csv-parse and the line writers touch Buffer per character; safe here (no dependency redeclares it).
  sandboxInjectedGlobals: [...preset.sandboxInjectedGlobals, 'Buffer'],
};
