import { itemAt } from '@platform/common';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { formatOfPath, runGenerateCommand } from './generate-command';
import { runRatesCommand } from './rates-command';

const workspaceRoot = join(__dirname, '../../../..');

describe('simulator CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'simulator-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('chooses the format from the file name', () => {
    expect(formatOfPath('events.csv')).toBe('csv');
    expect(formatOfPath('events.csv.gz')).toBe('csv');
    expect(formatOfPath('events.ndjson.gz')).toBe('ndjson');
    expect(formatOfPath('events.JSONL')).toBe('ndjson');
  });

  it('writes gzip NDJSON and a truth file whose examples score like the README says', async () => {
    const out = join(dir, 'events.ndjson.gz');
    const truth = join(dir, 'truth.csv');
    await runGenerateCommand({ events: 20_000, seed: 5, out, truth, progress: false });
    const lines = gunzipSync(readFileSync(out)).toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(20_000);
    expect(JSON.parse(itemAt(lines, 0))).toMatchObject({ event_type: 'view', category_id: expect.stringMatching(/^\d{19}$/) });
    expect(readFileSync(truth, 'utf8').split('\n')[0]).toBe('index,probability,bought');

    const report = await runRatesCommand(out, truth);
    expect(report).toMatchObject({ events: 20_000, rejected: 0 });
    expect(report.bestAuc).toBeGreaterThan(0.7);
  });

  it('runs as a program: node -r @swc-node/register libs/simulator/src/cli.ts --events N --seed S --out FILE', async () => {
    const out = join(dir, 'events.csv');
    const { stderr } = await promisify(execFile)(
      process.execPath,
      ['-r', '@swc-node/register', 'libs/simulator/src/cli.ts', '--events', '1000', '--seed', '42', '--out', out],
      { cwd: workspaceRoot, env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json' } },
    );
    expect(stderr).toMatch(/1000 events in [\d.]+ s \(\d+ events\/s\)/);
    expect(stderr).toMatch(/events 1000\/1000 \| \d+ events\/s \| ETA/);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(1001);
    expect(lines[0]).toBe('event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session');
  });

  it('exits non-zero, naming the option, on bad input', async () => {
    const run = promisify(execFile)(process.execPath, ['-r', '@swc-node/register', 'libs/simulator/src/cli.ts', '--events', '10', '--users', '0'], {
      cwd: workspaceRoot,
      env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json' },
    });
    await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('users must be an integer from 1') });
  });
});
