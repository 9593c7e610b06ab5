module.exports = {
  displayName: 'model-registry',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/model-registry',
};
