import { waitUntil } from '@platform/testing';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { curlOf, freePorts, npmStart, TRAINER_CLI } from './testing/npm-start-process';

describe('npm start (the whole platform in one process, embedded defaults)', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'npm-start-'));
  let ports: string;

  beforeAll(async () => {
    ports = (await freePorts(4)).join(',');
  });
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it('lists its options with --help, and names a bad one', async () => {
    const help = npmStart(cwd, ['--help']);
    expect(await help.exited).toBe(0);
    for (const option of ['--file', '--events', '--seed', '--trials', '--budget', '--fresh', '--exit', '--ports']) expect(help.output()).toContain(option);
    const bad = npmStart(cwd, ['--events', 'many']);
    expect(await bad.exited).not.toBe(0);
    expect(bad.output()).toMatch(/--events <n>.*expected a whole number/);
  });

  it('simulates, loads, replays, processes, trains, promotes and prints a curl that answers', async () => {
    const run = npmStart(cwd, ['--events', '20000', '--trials', '3', '--budget', '20s', '--ports', ports, '--exit']);
    const code = await run.exited;
    const output = run.output();
    expect({ code, output }).toMatchObject({ code: 0 });
    for (const stage of ['simulate   done', 'load       done', 'replay     done', 'process    done: 20,000 clean events', 'promoted to champion']) {
      expect(output).toContain(stage);
    }
    expect(curlOf(output)).toContain(`http://127.0.0.1:${ports.split(',')[0]}/predict`);
  }, 600_000);

  it("trains again with the trainer's CLI (npx nx run trainer:train) on the same .data/", async () => {
    const cli = npmStart(cwd, ['train', '--trials', '2', '--budget', '10s', '--max-rounds', '30', '--no-progress'], {}, TRAINER_CLI);
    const code = await cli.exited;
    expect({ code, output: cli.output() }).toMatchObject({ code: 0 });
    const outcome = JSON.parse(cli.output().split('\n').find((line) => line.startsWith('{"runId"')) as string) as { version: number; model: string };
    expect(outcome).toMatchObject({ model: 'purchase-propensity', version: 2 });
  }, 300_000);

  it('serves at once from .data/ on a second run, and its printed curl returns a prediction', async () => {
    const run = npmStart(cwd, ['--ports', ports]);
    try {
      const output = await waitUntil('the curl line', async () => run.output(), (text) => curlOf(text) !== undefined || run.child.exitCode !== null, 120_000);
      expect(output).toContain('is the champion: serving it');
      expect(output).not.toContain('simulate');
      const { stdout } = await promisify(execFile)('bash', ['-c', curlOf(output) as string]);
      const [prediction] = (JSON.parse(stdout) as { predictions: { features: string; probability: number; version: number }[] }).predictions;
      expect(prediction).toMatchObject({ features: 'found' });
      expect([1, 2]).toContain(prediction?.version);
      expect(prediction?.probability).toBeGreaterThan(0);
      expect(prediction?.probability).toBeLessThan(1);
    } finally {
      run.child.kill('SIGINT');
    }
    expect(await run.exited).toBe(0);
  }, 180_000);
});
