import { createServicesNamespace, ServicesNamespace } from '@platform/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { curlOf, freePorts, npmStart } from './testing/npm-start-process';

/** The README's claim: with the real servers' variables set, the same `npm start` runs against them. */
describe('npm start on the real servers (services.env variables, in a namespace of its own)', () => {
  let namespace: ServicesNamespace;
  let cwd: string;

  beforeAll(async () => {
    namespace = await createServicesNamespace('npm-start');
    cwd = mkdtempSync(join(tmpdir(), 'npm-start-real-'));
  });
  afterAll(async () => {
    await namespace?.drop();
    if (cwd) rmSync(cwd, { recursive: true, force: true });
  });

  it('runs the pipeline on S3, Kafka, Redis and PostgreSQL, then serves from them on a second run', async () => {
    const ports = (await freePorts(4)).join(',');
    const env = { ...namespace.env, LOG_LEVEL: 'warn' };
    const first = npmStart(cwd, ['--events', '20000', '--trials', '3', '--budget', '20s', '--ports', ports, '--exit'], env);
    expect({ code: await first.exited, output: first.output() }).toMatchObject({ code: 0 });
    expect(first.output()).toContain('lake S3 http://127.0.0.1:');
    expect(first.output()).toMatch(/Kafka 127\.0\.0\.1:\d+, Redis, PostgreSQL/);
    expect(first.output()).toContain('process    done: 20,000 clean events');
    expect(curlOf(first.output())).toBeDefined();

    const second = npmStart(cwd, ['--ports', ports, '--exit'], env);
    expect({ code: await second.exited, output: second.output() }).toMatchObject({ code: 0 });
    expect(second.output()).toContain('is the champion: serving it');
    expect(curlOf(second.output())).toBeDefined();
  }, 600_000);
});
