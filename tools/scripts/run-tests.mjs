// The README's test command after the services are up: every project's tests through Nx, then
// a table of tests per project and one closing "N passed, N failed" line. Skipped tests fail the
// run: a suite that skips itself proves nothing.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const resultsDir = join(root, 'tmp', 'test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const args = ['nx', 'run-many', '-t', 'test', '--outputStyle=stream', ...process.argv.slice(2)];
const run = spawnSync('npx', args, { cwd: root, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } });

const rows = readdirSync(resultsDir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => JSON.parse(readFileSync(join(resultsDir, file), 'utf8')))
  .sort((a, b) => a.project.localeCompare(b.project));
const total = { passed: 0, failed: 0, skipped: 0 };
console.log('\nTests per project');
console.log(`${'project'.padEnd(24)} ${'passed'.padStart(7)} ${'failed'.padStart(7)} ${'skipped'.padStart(8)}`);
for (const row of rows) {
  console.log(`${row.project.padEnd(24)} ${String(row.passed).padStart(7)} ${String(row.failed).padStart(7)} ${String(row.skipped).padStart(8)}`);
  total.passed += row.passed;
  total.failed += row.failed;
  total.skipped += row.skipped;
}
if (total.skipped > 0) console.error(`${total.skipped} skipped test(s): remove the skip or the test.`);
console.log(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(run.status !== 0 || total.failed > 0 || total.skipped > 0 || rows.length === 0 ? 1 : 0);
