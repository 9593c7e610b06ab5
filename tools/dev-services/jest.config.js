module.exports = {
  displayName: 'dev-services',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/tools/dev-services',
};
