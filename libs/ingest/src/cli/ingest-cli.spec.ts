import { listKeys, syntheticRows } from '@platform/testing';
import { FileLake } from '@platform/s3-lake';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const WORKSPACE = join(__dirname, '..', '..', '..', '..');

/** The CLI as `npx nx run ingest-gateway:bulk-load -- ...` runs it. */
function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['-r', require.resolve('@swc-node/register'), join(WORKSPACE, 'libs/ingest/src/cli/main.ts'), ...args], {
    cwd: WORKSPACE,
    env: { PATH: process.env['PATH'], SWC_NODE_PROJECT: join(WORKSPACE, 'tsconfig.base.json'), ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

describe('ingest CLI', () => {
  let dir: string;

  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'ingest-cli-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('bulk-loads a gzip NDJSON file with a progress bar, a summary, a JSON result and a rejects file', async () => {
    const file = join(dir, 'events.ndjson.gz');
    writeFileSync(file, gzipSync(`${syntheticRows(120).map((row) => JSON.stringify(row)).join('\n')}\n{"event_type":"view"}\n`));
    const { code, stdout, stderr } = await runCli(
      ['bulk-load', '--file', file, '--chunk-events', '50', '--load-id', 'cli', '--rejects', join(dir, 'rejects.ndjson')],
      { LAKE_URL: `file://${join(dir, 'lake')}` },
    );
    expect({ code, stderr }).toMatchObject({ code: 0 });
    expect(stderr).toMatch(/bulk load \|.*\| 100% \| 121 rows \| [\d,]+ rows\/s \| ETA/);
    expect(stderr).toContain('rows 121, loaded 120, rejected 1');
    expect(JSON.parse(stdout)).toMatchObject({ status: 'finished', loadId: 'cli', loaded: 120, rejected: 1, chunks: 3 });
    const lake = new FileLake({ root: join(dir, 'lake') });
    expect(await listKeys(lake, 'datasource')).toEqual([
      'datasource/cli/_manifest.json',
      'datasource/cli/_rejects-00001.ndjson.gz',
      'datasource/cli/part-00001.ndjson.gz',
      'datasource/cli/part-00002.ndjson.gz',
      'datasource/cli/part-00003.ndjson.gz',
    ]);
    expect(JSON.parse(readFileSync(join(dir, 'rejects.ndjson'), 'utf8'))).toMatchObject({ line: 121, raw: { event_type: 'view' } });
  }, 30_000);

  it('exits 1 naming a file it cannot read', async () => {
    const { code, stderr } = await runCli(['bulk-load', '--file', join(dir, 'missing.csv')], { LAKE_URL: `file://${join(dir, 'lake')}` });
    expect(code).toBe(1);
    expect(stderr).toMatch(/ingest: cannot read .*missing\.csv: ENOENT/);
  }, 30_000);
});
