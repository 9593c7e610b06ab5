module.exports = {
  displayName: 's3-lake',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/s3-lake',
};
