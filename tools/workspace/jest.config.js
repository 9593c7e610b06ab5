module.exports = {
  displayName: 'workspace-rules',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/tools/workspace',
};
