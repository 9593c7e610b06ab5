module.exports = {
  displayName: 'kafka-events',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/kafka-events',
};
