module.exports = {
  displayName: 'ml',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/ml',
};
