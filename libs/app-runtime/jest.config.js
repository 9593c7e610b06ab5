module.exports = {
  displayName: 'app-runtime',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/app-runtime',
};
