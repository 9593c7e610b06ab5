module.exports = {
  displayName: 'ingest-gateway',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/ingest-gateway',
};
