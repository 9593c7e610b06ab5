module.exports = {
  displayName: 'docker',
  preset: '../jest.preset.js',
  // The production-bundle check runs apart (`nx run docker:bundle-check`): it needs the apps built.
  testPathIgnorePatterns: ['/node_modules/', '\\.bundle\\.spec\\.ts$'],
  coverageDirectory: '../coverage/docker',
};
