module.exports = {
  displayName: 'simulator',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/simulator',
};
