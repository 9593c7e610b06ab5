// Writes each project's test counts to tmp/test-results/<project>.json so that
// tools/scripts/run-tests.mjs can print one table and one "N passed, N failed" line for the run.
const fs = require('node:fs');
const path = require('node:path');

class JestCountReporter {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
  }

  onRunComplete(contexts, results) {
    const [context] = [...contexts];
    const project = context?.config.displayName?.name ?? path.basename(this.globalConfig.rootDir);
    const dir = path.join(__dirname, '..', '..', 'tmp', 'test-results');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, `${project}.json`),
      JSON.stringify({
        project,
        passed: results.numPassedTests,
        failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
        skipped: results.numPendingTests + results.numTodoTests,
        suites: results.numTotalTestSuites,
      }),
    );
  }
}

module.exports = JestCountReporter;
