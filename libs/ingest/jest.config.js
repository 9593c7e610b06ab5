module.exports = {
  displayName: 'ingest',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/ingest',
};
