import { ServiceProcess, startServiceProcess } from '@platform/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

jest.setTimeout(120_000);

const KEY = 'trainer-key-0123456789abcdef';

/** TRAINER_API_KEY on the trainer app as a process (embedded adapters), over a real socket. */
describe('trainer REST API behind TRAINER_API_KEY', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'trainer-key-'));
  let trainer: ServiceProcess;

  const call = async (method: string, path: string, key?: string, body?: unknown) => {
    const response = await fetch(`${trainer.url}${path}`, {
      method,
      headers: { ...(key === undefined ? {} : { 'x-api-key': key }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    trainer = await startServiceProcess('apps/trainer/src/main.ts', { PLATFORM_CWD: cwd, TRAINER_API_KEY: KEY });
  });

  afterAll(async () => {
    await trainer?.stop();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('answers 401 naming the header without the key or with a wrong one, before looking at the request', async () => {
    expect(await call('GET', '/runs')).toMatchObject({ status: 401, body: { message: expect.stringContaining('x-api-key') } });
    expect(await call('GET', '/models', 'not-the-key-0123456789')).toMatchObject({ status: 401, body: { message: 'the API key in x-api-key is not valid' } });
    expect(await call('POST', '/train', undefined, { trials: 'many' })).toMatchObject({ status: 401 });
    expect(trainer.output()).not.toContain(KEY);
  });

  it('serves the API with the key, and health, metrics and the OpenAPI document without it', async () => {
    expect(await call('GET', '/runs', KEY)).toMatchObject({ status: 200 });
    expect(await call('POST', '/train', KEY, { trials: 'many' })).toMatchObject({ status: 400, body: { field: 'trials' } });
    // Without KAFKA_BROKERS no worker could take a trial: refused at once, saying what to set.
    expect(await call('POST', '/train', KEY, { executor: 'kafka' })).toMatchObject({
      status: 400,
      body: { field: 'executor', message: expect.stringContaining('set KAFKA_BROKERS and start workers') },
    });
    expect((await fetch(`${trainer.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${trainer.url}/metrics`)).status).toBe(200);
    const docs = await call('GET', '/docs-json');
    expect(docs.body).toMatchObject({ components: { securitySchemes: { 'x-api-key': { type: 'apiKey', in: 'header', name: 'x-api-key' } } } });
  });
});
