module.exports = {
  displayName: 'feature-pipeline',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/feature-pipeline',
};
