module.exports = {
  displayName: 'stream-processor',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/stream-processor',
};
