import { Logger } from '@nestjs/common';
import { listKeys, REES46_ROWS, waitUntil } from '@platform/testing';
import { LAKE, Lake } from '@platform/s3-lake';
import { globalAgent, request } from 'node:http';
import { register } from 'prom-client';
import { gzipSync } from 'node:zlib';
import { GatewayApp, startGatewayApp } from './testing/gateway-app';
import { gzipBombOfZeros } from './testing/gzip-bomb';
import { postRaw } from './testing/http-post';
import { RealServices, realServices } from './testing/real-services';

const API_KEY = 'hostile-test-key-0123456789';
const MAX_INFLATED = 8 * 1024 * 1024;
const TEN_GIB = 10 * 2 ** 30;

async function bodyBytesRead(): Promise<number> {
  const metric = await register.getSingleMetric('ingest_gateway_body_bytes_read_total')?.get();
  return metric?.values[0]?.value ?? 0;
}

/** The highest RSS of this process (the gateway runs in it) while `work` runs, sampled every few ms. */
async function peakRss<T>(work: () => Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 2);
  try {
    const result = await work();
    return { result, peak: Math.max(peak, process.memoryUsage.rss()) };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * Hostile bodies against the gateway on a real socket, on the real servers (S3, Kafka,
 * PostgreSQL): a gzip bomb stops inflating at INGEST_MAX_INFLATED_BYTES with a 413, memory stays
 * flat, and the API key is checked before a byte of the body is read.
 */
describe('ingest-gateway under hostile bodies (real socket, real servers)', () => {
  let services: RealServices;
  let gateway: GatewayApp;
  let url: string;
  let bomb: Buffer;

  beforeAll(async () => {
    bomb = gzipBombOfZeros(TEN_GIB);
    services = await realServices({ INGEST_API_KEY: API_KEY, INGEST_MAX_INFLATED_BYTES: String(MAX_INFLATED), INGEST_BATCH_MAX_DELAY_MS: '20' });
    gateway = await startGatewayApp(services.env, { listen: true });
    url = `${gateway.url}/events`;
  }, 60_000);

  afterAll(async () => {
    globalAgent.destroy(); // the client's keep-alive sockets
    await gateway?.close();
    await services?.cleanup();
  }, 60_000);

  it.each([
    ['NDJSON with Content-Encoding: gzip', { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' }],
    ['a JSON array (parsed whole) in gzip', { 'content-type': 'application/json; charset=utf-8' }],
  ])('answers 413 to a ~10 MB gzip of 10 GiB of zeros sent as %s, inflating no further than the limit', async (_, headers) => {
    expect(bomb.length).toBeGreaterThan(10_000_000);
    global.gc?.();
    const before = process.memoryUsage.rss();
    const readBefore = await bodyBytesRead();
    const { result: response, peak } = await peakRss(() => postRaw(url, { ...headers, 'x-api-key': API_KEY }, bomb));
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ code: 'INVALID_EVENT_INPUT', inputCode: 'INPUT_TOO_LARGE', retriable: false });
    expect(response.body['message']).toMatch(new RegExp(`inflates to more than ${MAX_INFLATED} bytes \\(INGEST_MAX_INFLATED_BYTES\\)`));
    // Inflating the whole bomb would mean reading all of it; 8 MiB of zeros come from ~8 KB of it.
    expect((await bodyBytesRead()) - readBefore).toBeLessThan(1024 * 1024);
    expect(peak - before).toBeLessThan(100 * 1024 * 1024);
  }, 60_000);

  it('checks the API key before reading the body: a 401 comes while the body is still unsent', async () => {
    const readBefore = await bodyBytesRead();
    // Headers only, announcing 10 MB: an answer can only come from the headers.
    const response = await postRaw(url, { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' }, undefined, bomb.length);
    expect(response.status).toBe(401);
    expect(response.body['message']).toMatch(/x-api-key/);
    const wrong = await postRaw(url, { 'content-type': 'application/x-ndjson', 'x-api-key': `${API_KEY}x` }, bomb);
    expect(wrong.status).toBe(401);
    expect(await bodyBytesRead()).toBe(readBefore);
  }, 30_000);

  it('answers 413 naming INGEST_MAX_BODY_BYTES for a declared length over it, before reading the body', async () => {
    const response = await postRaw(url, { 'content-type': 'text/csv', 'x-api-key': API_KEY }, undefined, 17 * 1024 * 1024);
    expect(response.status).toBe(413);
    expect(response.body['message']).toMatch(/limit of 16777216 bytes \(INGEST_MAX_BODY_BYTES\)/);
  });

  it('writes once for concurrent duplicates of one Idempotency-Key (PostgreSQL holds the key): the others get 409 or the first answer', async () => {
    const lake = gateway.app.get<Lake>(LAKE);
    const before = await listKeys(lake, 'bronze');
    const body = Buffer.from(REES46_ROWS.map((row) => JSON.stringify(row)).join('\n'));
    const headers = { 'content-type': 'application/x-ndjson', 'x-api-key': API_KEY, 'idempotency-key': `dup-${Date.now()}` };
    const responses = await Promise.all(Array.from({ length: 8 }, () => postRaw(url, headers, body)));
    const accepted = responses.filter((response) => response.status === 202);
    expect(responses.filter((response) => response.status !== 202).every((response) => response.status === 409 && response.body['code'] === 'IDEMPOTENCY_KEY_IN_FLIGHT')).toBe(true);
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    for (const response of accepted) expect(response.body).toEqual(accepted[0]?.body);
    const written = (await listKeys(lake, 'bronze')).filter((key) => !before.includes(key));
    expect(written).toEqual(accepted[0]?.body['objects']);
    // Once the first is answered, a retry gets its answer.
    const retry = await postRaw(url, headers, body);
    expect(retry).toMatchObject({ status: 202, body: accepted[0]?.body });
  });

  it('still takes a real gzip body over the same socket', async () => {
    const ndjson = REES46_ROWS.map((row) => JSON.stringify(row)).join('\n');
    const response = await postRaw(url, { 'content-type': 'application/gzip', 'x-api-key': API_KEY }, gzipSync(ndjson));
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ accepted: 3, rejected: 0 });
  });

  it('logs a client that drops its upload mid-way as a warning naming the abort, not as an error, and accepts nothing of it', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const error = jest.spyOn(Logger.prototype, 'error');
    try {
      const lake = gateway.app.get<Lake>(LAKE);
      const before = await listKeys(lake, 'bronze');
      const readBefore = await bodyBytesRead();
      const half = Buffer.from(REES46_ROWS.map((row) => JSON.stringify(row)).join('\n').repeat(200));
      const client = request(url, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', 'x-api-key': API_KEY, 'content-length': String(half.length * 2) } });
      const answered = new Promise<boolean>((resolve) => {
        client.on('response', () => resolve(true));
        client.on('close', () => resolve(false));
      });
      client.on('error', () => undefined); // the socket this test destroys
      client.write(half);
      await waitUntil('the gateway to read some of the body', bodyBytesRead, (read) => read - readBefore >= half.length / 2, 10_000);
      client.destroy();
      expect(await answered).toBe(false);
      const warned = () => Promise.resolve(warn.mock.calls.map((call) => String(call[0])));
      const warnings = await waitUntil('the abort warning', warned, (texts) => texts.some((text) => /client closed the connection after \d+ bytes/.test(text)), 10_000);
      expect(warnings.find((text) => /closed the connection/.test(text))).toMatch(/nothing of it was accepted/);
      expect(error.mock.calls.map((call) => String(call[0]))).not.toContainEqual(expect.stringMatching(/aborted/));
      expect((await listKeys(lake, 'bronze')).filter((key) => !before.includes(key))).toEqual([]);
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }
  });
});
