module.exports = {
  displayName: 'offline-store',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/offline-store',
};
