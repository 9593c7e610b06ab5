module.exports = {
  displayName: 'redis-feature-store',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/redis-feature-store',
};
