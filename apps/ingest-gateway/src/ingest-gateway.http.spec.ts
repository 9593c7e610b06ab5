import { itemAt } from '@platform/common';
import { listKeys, REES46_DIR, REES46_FILES, REES46_NORMALISED, REES46_ROWS, readGzipNdjson, syntheticRows } from '@platform/testing';
import { DATA_STREAMING_TOPIC, decodeMessage, EventPublisher, InProcessBus, LakeObjectCreated } from '@platform/kafka-events';
import { LAKE, Lake, LakeUnavailableError } from '@platform/s3-lake';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { GatewayApp, startGatewayApp } from './testing/gateway-app';

const API_KEY = 'test-key-0123456789abcdef';

/** The gateway on its embedded defaults: a file lake and SQLite in a temp folder, the in-process bus. */
function embeddedEnv(dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    LAKE_URL: `file://${join(dir, 'lake')}`,
    DATABASE_URL: `sqlite://${join(dir, 'platform.db')}`,
    KAFKA_TOPIC_PREFIX: `t${randomBytes(4).toString('hex')}.`,
    INGEST_BATCH_MAX_DELAY_MS: '20',
    ...extra,
  };
}

/** Notifications on the (prefixed) `data_streaming` topic of the in-process bus, as the processor decodes them. */
function listenForNotifications(topicPrefix: string) {
  const received: LakeObjectCreated[] = [];
  const waiters: { key: string; resolve: (object: LakeObjectCreated) => void }[] = [];
  const stop = InProcessBus.shared.listen(`${topicPrefix}${DATA_STREAMING_TOPIC}`, (record) => {
    for (const object of decodeMessage(DATA_STREAMING_TOPIC, record.value)) {
      received.push(object);
      for (const waiter of waiters.filter((w) => w.key === object.key)) waiter.resolve(object);
    }
  });
  const forKey = (key: string, timeoutMs = 5000) =>
    new Promise<LakeObjectCreated>((resolve, reject) => {
      const found = received.find((object) => object.key === key);
      if (found) return resolve(found);
      const timer = setTimeout(() => reject(new Error(`no notification for ${key} within ${timeoutMs} ms`)), timeoutMs);
      waiters.push({ key, resolve: (object) => (clearTimeout(timer), resolve(object)) });
    });
  return { received, forKey, stop };
}

describe('ingest-gateway over HTTP (embedded defaults)', () => {
  let dir: string;
  let gateway: GatewayApp;
  let lake: Lake;
  let notifications: ReturnType<typeof listenForNotifications>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ingest-http-'));
    gateway = await startGatewayApp(embeddedEnv(dir, { INGEST_MAX_BODY_BYTES: String(256 * 1024) }));
    lake = gateway.app.get<Lake>(LAKE);
    notifications = listenForNotifications(gateway.config.namespaces.topicPrefix);
  });

  afterAll(async () => {
    notifications?.stop();
    await gateway?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts a JSON array with 202, writes the valid events to bronze and announces the object', async () => {
    const body = [...REES46_ROWS, { ...REES46_ROWS[0], price: 'free', user_session: 'nope' }];
    const response = await gateway.app.inject({ method: 'POST', url: '/events', payload: body });
    expect(response.statusCode).toBe(202);
    const result = response.json();
    expect(result).toMatchObject({ accepted: 3, rejected: 1 });
    expect(result.rejections).toEqual([
      expect.objectContaining({ line: 4, field: 'price', value: 'free', rule: 'number' }),
      expect.objectContaining({ line: 4, field: 'user_session', value: 'nope', rule: 'uuid' }),
    ]);
    expect(result.objects).toHaveLength(1);
    const key = itemAt(result.objects as string[], 0);
    expect(key).toMatch(/^bronze\/events\/dt=\d{4}-\d{2}-\d{2}\/hour=\d{2}\/[0-9A-Z]{26}\.ndjson\.gz$/);
    // Acknowledged means written: the object is there when the answer comes.
    expect(await readGzipNdjson(lake, 'bronze', key)).toEqual(REES46_NORMALISED);
    const announced = await notifications.forKey(key);
    const head = await lake.head({ bucket: 'bronze', key });
    expect(announced).toEqual({ bucket: 'bronze', key, size: head.size, eTag: head.eTag });
  });

  it('accepts NDJSON, gzip or not', async () => {
    const ndjson = REES46_ROWS.map((row) => JSON.stringify(row)).join('\n');
    const plain = await gateway.app.inject({ method: 'POST', url: '/events', headers: { 'content-type': 'application/x-ndjson' }, payload: ndjson });
    expect(plain.statusCode).toBe(202);
    expect(plain.json()).toMatchObject({ accepted: 3, rejected: 0, rejections: [] });
    const gzipped = await gateway.app.inject({
      method: 'POST',
      url: '/events',
      headers: { 'content-type': 'application/x-ndjson' },
      payload: gzipSync(`${ndjson}\n{"event_type":"view"}\n`),
    });
    expect(gzipped.statusCode).toBe(202);
    expect(gzipped.json()).toMatchObject({ accepted: 3, rejected: 1 });
    expect(await readGzipNdjson(lake, 'bronze', gzipped.json().objects[0])).toEqual(REES46_NORMALISED);
  });

  it('keeps a 19-digit id sent as a string, and rejects one sent as a JSON number (its digits are already lost)', async () => {
    const payload = `[${JSON.stringify(REES46_ROWS[0])}, ${JSON.stringify(REES46_ROWS[1]).replace('"2053013558525952589"', '2053013558525952589')}]`;
    const response = await gateway.app.inject({ method: 'POST', url: '/events', headers: { 'content-type': 'application/json' }, payload });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ accepted: 1, rejected: 1, rejections: [expect.objectContaining({ line: 2, field: 'category_id', rule: 'id_as_string' })] });
  });

  it('puts the events of concurrent requests into shared objects', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => gateway.app.inject({ method: 'POST', url: '/events', payload: syntheticRows(5, i * 5) })),
    );
    const keys = new Set(responses.flatMap((response) => response.json().objects as string[]));
    expect(responses.every((response) => response.statusCode === 202)).toBe(true);
    expect(keys.size).toBeLessThan(20);
    const written = (await Promise.all([...keys].map((key) => readGzipNdjson(lake, 'bronze', key)))).flat();
    expect(written.map((event) => event['product_id']).sort()).toEqual(syntheticRows(100).map((row) => row.product_id).sort());
  });

  it('answers 503 (retriable) when the batch holding the events cannot be written, and acknowledges nothing', async () => {
    jest.spyOn(lake, 'put').mockRejectedValueOnce(new LakeUnavailableError('the lake is away'));
    const response = await gateway.app.inject({ method: 'POST', url: '/events', payload: REES46_ROWS });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.json()).toMatchObject({ code: 'BATCH_WRITE_FAILED', retriable: true });
    expect(response.json().message).toMatch(/none of them was accepted: the lake is away/);
  });

  it('acknowledges events while the bus is down, and announces their object once it is back', async () => {
    const publisher = gateway.app.get(EventPublisher);
    const publish = publisher.publish.bind(publisher);
    let outage = 2;
    jest.spyOn(publisher, 'publish').mockImplementation(async (...args) => {
      if (outage-- > 0) throw new Error('KafkaJSNumberOfRetriesExceeded: broker down');
      return publish(...args);
    });
    const response = await gateway.app.inject({ method: 'POST', url: '/events', payload: REES46_ROWS });
    expect(response.statusCode).toBe(202);
    const key = itemAt(response.json().objects as string[], 0);
    await notifications.forKey(key);
    expect(outage).toBeLessThan(0);
  });

  it('answers 400 with every reason when no event is valid', async () => {
    const response = await gateway.app.inject({ method: 'POST', url: '/events', payload: [{ ...REES46_ROWS[0], event_type: 'click' }] });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'NO_VALID_EVENT',
      accepted: 0,
      rejected: 1,
      rejections: [expect.objectContaining({ line: 1, field: 'event_type', value: 'click', rule: 'event_type' })],
    });
    const empty = await gateway.app.inject({ method: 'POST', url: '/events', payload: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toBe('the request holds no event');
  });

  it('answers 400 naming the position of malformed JSON', async () => {
    const response = await gateway.app.inject({
      method: 'POST',
      url: '/events',
      headers: { 'content-type': 'application/json' },
      payload: `[${JSON.stringify(REES46_ROWS[0])},\n ${JSON.stringify(REES46_ROWS[1])},]`,
    });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    // The "]" after the trailing comma: "[" row0 ",\n " row1 "," "]".
    const [first, second] = [JSON.stringify(REES46_ROWS[0]).length, JSON.stringify(REES46_ROWS[1]).length];
    const offset = 1 + first + 3 + second + 1;
    expect(body).toMatchObject({ code: 'INVALID_EVENT_INPUT', inputCode: 'MALFORMED_INPUT', position: { offset, line: 2, column: second + 3 } });
    expect(body.message).toMatch(new RegExp(`^malformed JSON at position ${offset} \\(line 2, column \\d+\\): ValueExpected`));
  });

  it('answers 413 naming the limit for a body over INGEST_MAX_BODY_BYTES', async () => {
    const response = await gateway.app.inject({ method: 'POST', url: '/events', payload: syntheticRows(2000) });
    expect(response.statusCode).toBe(413);
    expect(response.json().message).toContain(`limit of ${256 * 1024} bytes (INGEST_MAX_BODY_BYTES)`);
  });

  it('answers 415 for a body it cannot read, listing the content types it reads', async () => {
    const response = await gateway.app.inject({ method: 'POST', url: '/events', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    expect(response.statusCode).toBe(415);
    expect(response.json().message).toMatch(/content type "text\/plain"/);
    for (const type of ['application/xml', 'text/csv; charset=latin1']) {
      const refused = await gateway.app.inject({ method: 'POST', url: '/events', headers: { 'content-type': type }, payload: 'x' });
      expect(refused.statusCode).toBe(415);
      expect(refused.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', supported: expect.arrayContaining(['application/csv', 'text/json', 'application/x-ndjson', 'application/gzip']) });
      expect(refused.json().message).toMatch(/POST \/events reads application\/json, text\/json, .*text\/csv, application\/csv/);
    }
    const brotli = await gateway.app.inject({ method: 'POST', url: '/events', headers: { 'content-type': 'text/csv', 'content-encoding': 'br' }, payload: 'x' });
    expect(brotli.statusCode).toBe(415);
    expect(brotli.json().message).toMatch(/^Content-Encoding "br" is not supported/);
  });

  it('reads the common spellings of JSON, NDJSON, CSV and gzip, with charset parameters and Content-Encoding', async () => {
    const json = JSON.stringify(REES46_ROWS);
    const ndjson = REES46_ROWS.map((row) => JSON.stringify(row)).join('\n');
    const columns = Object.keys(REES46_ROWS[0]);
    const csv = [columns.join(','), ...REES46_ROWS.map((row) => columns.map((column) => (row as Record<string, string>)[column]).join(','))].join('\r\n');
    const cases: [Record<string, string>, string | Buffer][] = [
      [{ 'content-type': 'application/json; charset=utf-8' }, json],
      [{ 'content-type': 'text/json' }, json],
      [{ 'content-type': 'Application/JSON;charset="UTF-8"' }, json],
      [{ 'content-type': 'application/x-ndjson' }, ndjson],
      [{ 'content-type': 'application/ndjson; charset=utf-8' }, ndjson],
      [{ 'content-type': 'text/csv; charset=utf-8; header=present' }, csv],
      [{ 'content-type': 'application/csv' }, csv],
      [{ 'content-type': 'text/csv', 'content-encoding': 'gzip' }, gzipSync(csv)],
      [{ 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' }, gzipSync(ndjson)],
      [{ 'content-type': 'application/gzip' }, gzipSync(csv)],
      [{ 'content-type': 'application/gzip' }, gzipSync(json)],
      [{ 'content-type': 'application/x-gzip' }, gzipSync(ndjson)],
    ];
    for (const [headers, payload] of cases) {
      const response = await gateway.app.inject({ method: 'POST', url: '/events', headers, payload });
      expect({ headers, status: response.statusCode, body: response.json() }).toMatchObject({ headers, status: 202, body: { accepted: 3, rejected: 0 } });
    }
  });

  it('answers a retry with the same Idempotency-Key with its first answer and writes nothing again; another body with the key gets 422', async () => {
    const key = `retry-${randomBytes(6).toString('hex')}`;
    const post = (payload: unknown, headers: Record<string, string> = {}) =>
      gateway.app.inject({ method: 'POST', url: '/events', headers: { 'idempotency-key': key, ...headers }, payload: payload as string });
    const first = await post(REES46_ROWS);
    expect(first.statusCode).toBe(202);
    const keysAfterFirst = await listKeys(lake, 'bronze');
    const retry = await post(REES46_ROWS);
    expect(retry.statusCode).toBe(202);
    expect(retry.json()).toEqual(first.json());
    expect(await listKeys(lake, 'bronze')).toEqual(keysAfterFirst);

    const other = await post([REES46_ROWS[0]]);
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', retriable: false, message: expect.stringContaining(`Idempotency-Key "${key}" was already used for a different request`) });
    expect(await listKeys(lake, 'bronze')).toEqual(keysAfterFirst);

    const bad = await gateway.app.inject({ method: 'POST', url: '/events', headers: { 'idempotency-key': 'has space' }, payload: REES46_ROWS });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/^Idempotency-Key: expected 1 to 255 visible ASCII characters/);
  });

  it('leaves an Idempotency-Key free when its request accepted nothing (the lake was away): the retry writes', async () => {
    const key = `lake-away-${randomBytes(6).toString('hex')}`;
    jest.spyOn(lake, 'put').mockRejectedValueOnce(new LakeUnavailableError('the lake is away'));
    const failed = await gateway.app.inject({ method: 'POST', url: '/events', headers: { 'idempotency-key': key }, payload: REES46_ROWS });
    expect(failed.statusCode).toBe(503);
    const retry = await gateway.app.inject({ method: 'POST', url: '/events', headers: { 'idempotency-key': key }, payload: REES46_ROWS });
    expect(retry.statusCode).toBe(202);
    expect(await readGzipNdjson(lake, 'bronze', retry.json().objects[0])).toEqual(REES46_NORMALISED);
  });

  it('bulk-loads a server-side file and replays it into bronze as jobs', async () => {
    const { writeFileSync } = await import('node:fs');
    const loadDir = join(dir, 'lake', '..', 'uploads');
    (await import('node:fs')).mkdirSync(loadDir, { recursive: true });
    writeFileSync(join(loadDir, 'events.ndjson'), `${syntheticRows(25).map((row) => JSON.stringify(row)).join('\n')}\nnot json\n`);
    symlinkSync(join(dir, 'platform.db'), join(loadDir, 'escape.csv'));
    // The embedded gateway reads from .data/import by default; this one from the temp folder.
    const local = await startGatewayApp(embeddedEnv(join(dir, 'second'), { INGEST_BULK_LOAD_DIR: loadDir }));
    try {
      const outside = await local.app.inject({ method: 'POST', url: '/bulk-loads', payload: { path: '../platform.db' } });
      expect(outside.statusCode).toBe(400);
      expect(outside.json().message).toMatch(/^path: expected a file inside INGEST_BULK_LOAD_DIR/);
      const escape = await local.app.inject({ method: 'POST', url: '/bulk-loads', payload: { path: 'escape.csv' } });
      expect(escape.statusCode).toBe(403);
      expect(escape.json()).toMatchObject({ code: 'PATH_NOT_ALLOWED', message: expect.stringMatching(/resolves \(through a symlink\) to a file outside INGEST_BULK_LOAD_DIR/) });

      const started = await local.app.inject({ method: 'POST', url: '/bulk-loads', payload: { path: 'events.ndjson', chunkEvents: 10 } });
      expect(started.statusCode).toBe(202);
      const load = await waitForJob(local, started.json().id);
      expect(load).toMatchObject({ kind: 'bulk-load', status: 'finished', result: { rows: 26, loaded: 25, rejected: 1, chunks: 3 } });

      const replay = await local.app.inject({ method: 'POST', url: '/jobs/replay', payload: { objectsPerTick: 2, tickMs: 0 } });
      expect(replay.statusCode).toBe(202);
      const replayed = await waitForJob(local, replay.json().id);
      expect(replayed).toMatchObject({ kind: 'replay', status: 'finished', result: { copied: 3, totalCopied: 3 } });
      const bad = await local.app.inject({ method: 'POST', url: '/jobs/replay', payload: { objectsPerTick: 0, tickMs: 0 } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/^objectsPerTick: /) });
      const unknown = await local.app.inject({ method: 'POST', url: '/jobs/replay', payload: { pace: 3 } });
      expect(unknown.json().message).toMatch(/^pace: /);
      const missing = await local.app.inject({ method: 'GET', url: '/jobs/nope' });
      expect(missing.statusCode).toBe(404);
    } finally {
      await local.close();
    }
  });

  it('reads bulk loads from .data/import by default, never from the working directory', async () => {
    expect(gateway.config.ingest.bulkLoadDir).toBe('.data/import');
    const response = await gateway.app.inject({ method: 'POST', url: '/bulk-loads', payload: { path: 'package.json' } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'FILE_NOT_FOUND', message: expect.stringContaining('INGEST_BULK_LOAD_DIR') });
  });

  it('runs at most INGEST_BULK_LOAD_MAX_JOBS bulk loads at once: one more gets 429 naming the setting', async () => {
    const loadDir = join(dir, 'limited');
    mkdirSync(loadDir, { recursive: true });
    copyFileSync(join(REES46_DIR, REES46_FILES.october), join(loadDir, 'october.csv.gz'));
    const limited = await startGatewayApp(embeddedEnv(join(dir, 'third'), { INGEST_BULK_LOAD_DIR: loadDir, INGEST_BULK_LOAD_MAX_JOBS: '1' }));
    try {
      const first = await limited.app.inject({ method: 'POST', url: '/bulk-loads', payload: { path: 'october.csv.gz', chunkEvents: 1000 } });
      expect(first.statusCode).toBe(202);
      const second = await limited.app.inject({ method: 'POST', url: '/bulk-loads', payload: { path: 'october.csv.gz', loadId: 'other' } });
      expect(second.statusCode).toBe(429);
      expect(second.headers['retry-after']).toBe('1');
      expect(second.json()).toMatchObject({ code: 'TOO_MANY_JOBS', retriable: true, message: expect.stringMatching(/^1 bulk-load job\(s\) are already running.*\(INGEST_BULK_LOAD_MAX_JOBS\)/) });
      await limited.app.inject({ method: 'DELETE', url: `/jobs/${first.json().id}` });
      expect(await waitForJob(limited, first.json().id, 30_000)).toMatchObject({ status: 'cancelled' });
      const third = await limited.app.inject({ method: 'POST', url: '/bulk-loads', payload: { path: 'october.csv.gz', loadId: 'third', chunkEvents: 50_000 } });
      expect(third.statusCode).toBe(202);
      await limited.app.inject({ method: 'DELETE', url: `/jobs/${third.json().id}` });
      await waitForJob(limited, third.json().id, 30_000);
    } finally {
      await limited.close();
    }
  }, 60_000);

  it('exposes its metrics', async () => {
    const response = await gateway.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.body).toMatch(/^ingest_gateway_events_total\{outcome="accepted"\} \d+/m);
    expect(response.body).toMatch(/^ingest_gateway_objects_written_total \d+/m);
    expect(response.body).toContain('ingest_gateway_batch_write_duration_seconds_bucket');
    expect(response.body).toMatch(/^ingest_gateway_notifications_pending_messages 0/m);
  });
});

describe('ingest-gateway with INGEST_API_KEY', () => {
  let dir: string;
  let gateway: GatewayApp;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ingest-key-'));
    gateway = await startGatewayApp(embeddedEnv(dir, { INGEST_API_KEY: API_KEY }));
  });

  afterAll(async () => {
    await gateway?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 401 without the key or with a wrong one, 202 with it', async () => {
    const post = (headers: Record<string, string>) => gateway.app.inject({ method: 'POST', url: '/events', headers, payload: REES46_ROWS });
    const without = await post({});
    expect(without.statusCode).toBe(401);
    expect(without.json().message).toMatch(/x-api-key/);
    expect((await post({ 'x-api-key': `${API_KEY}x` })).statusCode).toBe(401);
    expect((await post({ 'x-api-key': API_KEY })).statusCode).toBe(202);
    expect((await gateway.app.inject({ method: 'GET', url: '/jobs', headers: {} })).statusCode).toBe(401);
    expect((await gateway.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
  });
});

async function waitForJob(gateway: GatewayApp, id: string, timeoutMs = 10_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await gateway.app.inject({ method: 'GET', url: `/jobs/${id}` })).json();
    if (job.status !== 'running') return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still running after ${timeoutMs} ms: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
