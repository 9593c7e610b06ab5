import { openPlatformDataSource } from '@platform/database';
import { OFFLINE_STORE_SCHEMA, OfflineEventStore } from '@platform/offline-store';
import { REES46_FILES, rees46Lines, ServiceProcess, waitUntil } from '@platform/testing';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { PassThrough } from 'node:stream';
import { createGzip, gzipSync } from 'node:zlib';
import { featureDifferences, offlineFeatures } from './testing/feature-parity';
import {
  announce,
  closeProcessorRun,
  countRows,
  DeadLetterReader,
  openProcessorRun,
  ProcessorRun,
  startProcessor,
  waitProcessed,
  writeAndAnnounce,
} from './testing/processor-run';
import { dumpFeatureHashes } from './testing/redis-dump';

/**
 * Hostile objects against the real servers (DESIGN.md section 13): the stream-processor app as a
 * real process on Kafka, the S3 server, Redis and PostgreSQL, fed real REES46 rows with poison.
 */
jest.setTimeout(300_000);

const [HEADER = '', ...ROWS] = rees46Lines(REES46_FILES.october).slice(0, 6001);
const csv = (rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`;
/** A real row with one field replaced (columns as in the header). */
function poisoned(row: string, column: string, value: string): string {
  const fields = row.split(',');
  fields[HEADER.split(',').indexOf(column)] = value;
  return fields.join(',');
}

const MAX_INFLATED = 8 << 20;

describe('stream-processor on hostile objects (Kafka, S3, Redis, PostgreSQL)', () => {
  let run: ProcessorRun;
  let processor: ServiceProcess;
  let dlq: DeadLetterReader;

  beforeAll(async () => {
    run = await openProcessorRun('hostile');
    processor = await startProcessor(run, { INGEST_MAX_INFLATED_BYTES: String(MAX_INFLATED) });
    dlq = await new DeadLetterReader(run).start();
  });

  afterAll(async () => {
    await dlq?.stop();
    await processor?.stop();
    if (run) await closeProcessorRun(run);
  });

  it('rejects poison records alone: every good row reaches Redis and PostgreSQL alike, each bad one the DLQ once with its reason', async () => {
    const good = ROWS.slice(0, 2000);
    const rows = [...good];
    // Line numbers are CSV lines (the header is line 1): a poison record at index i is on line i + 2.
    const poison: [number, string, string][] = [
      [100, 'brand', 'b'.repeat(300)],
      [400, 'event_time', '9999-12-31 23:59:59 UTC'],
      [700, 'category_code', `${'a'.repeat(200)}.b`],
      [1000, 'price', 'twelve'],
      [1300, 'product_id', '12.5'],
      [1600, 'brand', 'acme\u0000corp'],
    ];
    for (const [index, column, value] of [...poison].reverse()) rows.splice(index, 0, poisoned(good[index] ?? '', column, value));
    await writeAndAnnounce(run, { key: 'bronze/poison.csv.gz', body: gzipSync(csv(rows)) }, 'application/gzip');
    await waitProcessed(run, 1);

    expect(await countRows(run, 'clean_events')).toBe(2000);
    expect(await countRows(run, 'processed_objects', "status = 'processed' AND rejected = 6")).toBe(1);
    const letters = await dlq.until('6 poison letters', (items) => items.filter((letter) => letter.source.key === 'bronze/poison.csv.gz').length >= 6);
    const poisonLetters = letters.filter((letter) => letter.source.key === 'bronze/poison.csv.gz');
    expect(poisonLetters.map((letter) => [letter.line, letter.field, letter.rule])).toEqual([
      [102, 'brand', 'max_length'],
      [403, 'event_time', 'time_range'],
      [704, 'category_code', 'max_length'],
      [1005, 'price', 'number'],
      [1306, 'product_id', 'digits'],
      [1607, 'brand', 'text'],
    ]);

    const dataSource = await openPlatformDataSource({ kind: 'postgres', url: run.namespace.databaseUrl }, [OFFLINE_STORE_SCHEMA]);
    try {
      const differences = featureDifferences(await dumpFeatureHashes(run.redis, run.namespace.redisKeyPrefix), await offlineFeatures(new OfflineEventStore(dataSource)));
      expect(differences).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('keeps every good line before a truncated gzip tail and an unclosed quote, and dead-letters each tail once', async () => {
    const before = await countRows(run, 'clean_events');
    const rows = ROWS.slice(2000, 5000);
    const whole = gzipSync(csv(rows));
    await writeAndAnnounce(run, { key: 'bronze/truncated.csv.gz', body: whole.subarray(0, Math.floor(whole.length * 0.6)) }, 'application/gzip');
    const quoted = [...ROWS.slice(5000, 5100), poisoned(ROWS[5100] ?? '', 'brand', '"never closed'), ...ROWS.slice(5101, 5200)];
    await writeAndAnnounce(run, { key: 'bronze/quote.csv', body: Buffer.from(csv(quoted)) }, 'text/csv');
    await waitProcessed(run, 3);

    const letters = await dlq.until('two tail letters', (items) => items.filter((letter) => letter.line !== undefined && /^unreadable/.test(letter.reason)).length >= 2);
    const truncated = letters.find((letter) => letter.source.key === 'bronze/truncated.csv.gz');
    expect(truncated).toMatchObject({ code: 'TRUNCATED_INPUT' });
    const keptOfTruncated = (truncated?.line ?? 0) - 2; // lines 2 .. line-1 were read
    expect(keptOfTruncated).toBeGreaterThan(1000);
    expect(letters.find((letter) => letter.source.key === 'bronze/quote.csv')).toMatchObject({ code: 'MALFORMED_INPUT', line: 102 });
    expect(await countRows(run, 'clean_events')).toBe(before + keptOfTruncated + 100);
    const sessions = await run.redis.hget(`${run.namespace.redisKeyPrefix}session:${(ROWS[5099] ?? '').split(',')[8]}`, 'events');
    expect(Number(sessions)).toBeGreaterThan(0);
  });

  it('stops reading a gzip bomb at INGEST_MAX_INFLATED_BYTES, keeps the lines before it and stays small', async () => {
    const pid = processor.child.pid ?? 0;
    const peak = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    const peakBefore = peak();
    // 200 real rows, then a second gzip member inflating to 1 GiB of zeros (about 1 MiB on the wire).
    const rows = gzipSync(csv(ROWS.slice(5200, 5400)));
    const zeros = await gzipOfZeros(1024);
    await writeAndAnnounce(run, { key: 'bronze/bomb.csv.gz', body: Buffer.concat([rows, zeros]) }, 'application/gzip');
    await waitProcessed(run, 4);
    const letters = await dlq.until('the bomb letter', (items) => items.some((letter) => letter.source.key === 'bronze/bomb.csv.gz'));
    expect(letters.filter((letter) => letter.source.key === 'bronze/bomb.csv.gz')).toEqual([
      expect.objectContaining({ code: 'INPUT_TOO_LARGE', reason: expect.stringContaining(`more than ${MAX_INFLATED} bytes`) }),
    ]);
    expect(await countRows(run, 'clean_events', "source_key = 'bronze/bomb.csv.gz'")).toBe(200);
    expect(peak() - peakBefore).toBeLessThan(256 << 20);
  });

  it('reads only bronze: an object named in another bucket is refused with a letter, nothing read', async () => {
    const { eTag, size } = await run.lake.put({ bucket: 'datasource', key: 'datasource/x/part-00001.ndjson.gz', body: gzipSync(csv(ROWS.slice(0, 10))) });
    await announce(run, { bucket: 'datasource', key: 'datasource/x/part-00001.ndjson.gz', eTag, size });
    const letters = await dlq.until('the refusal', (items) => items.some((letter) => letter.code === 'NOT_BRONZE'));
    expect(letters.filter((letter) => letter.code === 'NOT_BRONZE')).toEqual([
      expect.objectContaining({ source: { bucket: 'datasource', key: 'datasource/x/part-00001.ndjson.gz', eTag } }),
    ]);
    expect(await countRows(run, 'processed_objects', "object_key LIKE 'datasource/%'")).toBe(0);
  });

  it('dead-letters an object that fails for good, lists it, and processes it once after POST /objects/reprocess', async () => {
    const rows = ROWS.slice(5400, 5500);
    const session = (rows[0] ?? '').split(',')[8] ?? '';
    const blocker = `${run.namespace.redisKeyPrefix}session:${session}`;
    await run.redis.set(blocker, 'not a hash');
    const before = await countRows(run, 'processed_objects');
    await writeAndAnnounce(run, { key: 'bronze/blocked.csv', body: Buffer.from(csv(rows)) }, 'text/csv');
    await waitProcessed(run, before + 1);
    const [letter] = (await dlq.until('the failure letter', (items) => items.some((item) => item.code === 'ONLINE_STORE_WRONG_TYPE'))).filter(
      (item) => item.code === 'ONLINE_STORE_WRONG_TYPE',
    );
    const eTag = run.announced.get('bronze/blocked.csv')?.eTag;
    expect(letter).toMatchObject({ source: { bucket: 'bronze', key: 'bronze/blocked.csv', eTag }, attempts: 1 });
    const listed = (await (await fetch(`${processor.url}/objects/dead-lettered`)).json()) as { key: string; code: string }[];
    expect(listed).toEqual([expect.objectContaining({ key: 'bronze/blocked.csv', eTag, code: 'ONLINE_STORE_WRONG_TYPE' })]);

    await run.redis.del(blocker); // the cause, fixed
    const answer = await fetch(`${processor.url}/objects/reprocess`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: 'bronze/blocked.csv' }),
    });
    expect(answer.status).toBe(202);
    expect(await answer.json()).toMatchObject({ key: 'bronze/blocked.csv', eTag, was: 'released' });
    await waitUntil('the object processed', () => countRows(run, 'processed_objects', "object_key = 'bronze/blocked.csv' AND status = 'processed'"), (n) => n === 1);
    expect(await countRows(run, 'clean_events', "source_key = 'bronze/blocked.csv'")).toBe(100);

    const again = await fetch(`${processor.url}/objects/reprocess`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: 'bronze/blocked.csv' }) });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'ALREADY_PROCESSED' });
  });

  it('checks INGEST_API_KEY before reading a body: a 401 comes while the announced body is still unsent', async () => {
    const key = 'chaos-and-hostility-key-0123456789';
    const keyed = await startProcessor(run, { INGEST_API_KEY: key });
    try {
      const { hostname, port } = new URL(keyed.url);
      // Headers only, announcing 1 MB: an answer can only come from the headers.
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ hostname, port, path: '/objects/reprocess', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(1 << 20) } }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, body });
            req.destroy();
          });
        });
        req.on('error', reject);
        req.flushHeaders();
      });
      expect(answer.status).toBe(401);
      expect(answer.body).toMatch(/x-api-key/);
      const listed = await fetch(`${keyed.url}/objects/dead-lettered`, { headers: { 'x-api-key': key } });
      expect(listed.status).toBe(200);
      const wrong = await fetch(`${keyed.url}/objects/reprocess`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': `${key}x` }, body: '{"key":"bronze/x"}' });
      expect(wrong.status).toBe(401);
    } finally {
      await keyed.stop();
    }
  }, 60_000); // under Express it hangs until the body comes: a failure, not a wait

  it('has sent every letter exactly once', async () => {
    const letters = await dlq.until('all letters', (items) => items.length >= 11);
    const ids = letters.map((letter) => `${letter.source.key}#${letter.line ?? letter.code}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(letters).toHaveLength(11); // 6 poison rows, 2 tails, the bomb, the refusal, the failure
  });
});

/** A gzip member that inflates to `mebibytes` MiB of zeros. */
async function gzipOfZeros(mebibytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 1 });
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  gzip.pipe(out);
  const mebibyte = Buffer.alloc(1 << 20);
  for (let i = 0; i < mebibytes; i++) if (!gzip.write(mebibyte)) await new Promise((resolve) => gzip.once('drain', resolve));
  gzip.end();
  await new Promise((resolve) => out.once('end', resolve));
  return Buffer.concat(chunks);
}
