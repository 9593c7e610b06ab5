import { openPlatformDataSource } from '@platform/database';
import { OFFLINE_STORE_SCHEMA, OfflineEventStore } from '@platform/offline-store';
import { createOnlineFeatureStore, OnlineFeatureStore } from '@platform/redis-feature-store';
import { createLake, Lake } from '@platform/s3-lake';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataSource } from 'typeorm';
import { RecordingDeadLetterSink } from '../testing/recording-dead-letter-sink';
import { CHUNK_LINES } from './chunk-batch-id';
import { LakeObjectProcessor } from './lake-object-processor';
import { ObjectLetters } from './object-letters';

const SESSION = '26dd6e6e-4dac-4778-8d2c-92e149dab885';
const row = (time: string, type: string, product: string, over: Record<string, string> = {}) =>
  JSON.stringify({
    event_time: time,
    event_type: type,
    product_id: product,
    category_id: '2053013555631882655',
    category_code: 'electronics.smartphone',
    brand: 'apple',
    price: '10.5',
    user_id: '512345678',
    user_session: SESSION,
    ...over,
  });
const view = (n: number) => row(`2019-11-01 00:${String(Math.floor(n / 60) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')} UTC`, 'view', String(100 + (n % 7)));

describe('LakeObjectProcessor on the embedded adapters', () => {
  let dir: string;
  let lake: Lake;
  let online: OnlineFeatureStore;
  let dataSource: DataSource;
  let offline: OfflineEventStore;
  let sink: RecordingDeadLetterSink;
  let processor: LakeObjectProcessor;
  const delivery = () => ({ letters: new ObjectLetters(sink) });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pipeline-'));
    lake = createLake({ kind: 'file', root: join(dir, 'lake') });
    await lake.ensureBuckets();
    online = createOnlineFeatureStore({ kind: 'memory' });
    dataSource = await openPlatformDataSource({ kind: 'sqlite', file: join(dir, 'platform.db') }, [OFFLINE_STORE_SCHEMA]);
    offline = new OfflineEventStore(dataSource);
    sink = new RecordingDeadLetterSink();
    processor = new LakeObjectProcessor(lake, online, offline, { maxInflatedBytes: 64 << 20 });
  });

  afterEach(async () => {
    await dataSource.destroy();
    await online.close();
    await lake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function put(key: string, lines: string[], body = gzipSync(lines.join('\n') + '\n')) {
    const { eTag, size } = await lake.put({ bucket: 'bronze', key, body });
    return { bucket: 'bronze', key, eTag, size };
  }

  const sessionEvents = async () => Number((await online.readMany([`session:${SESSION}`]))[0]?.['events'] ?? 0);

  it('applies good lines, sends exactly the bad ones to the DLQ with reasons, and counts an object once', async () => {
    const created = await put('bronze/events/dt=2019-11-01/hour=00/a.ndjson.gz', [
      row('2019-11-01 00:00:01 UTC', 'view', '100'),
      '{"event_time": broken json',
      row('2019-11-01 00:00:02 UTC', 'cart', '100'),
      row('2019-11-01 00:00:03 UTC', 'view', '200', { price: '-1' }),
      row('2019-11-01 00:00:04 UTC', 'purchase', '100'),
      row('9999-12-31 23:59:59 UTC', 'view', '100'),
      row('2019-11-01 00:00:05 UTC', 'view', '300', { brand: 'b'.repeat(300) }),
    ]);
    const first = await processor.process(created, delivery());
    expect(first).toMatchObject({ status: 'processed', events: 3, rejected: 4 });
    expect(sink.letters.map((letter) => [letter.line, letter.rule, letter.field])).toEqual([
      [2, 'json', 'record'],
      [4, 'non_negative', 'price'],
      [6, 'time_range', 'event_time'],
      [7, 'max_length', 'brand'],
    ]);
    expect(sink.letters[1]?.source).toEqual({ bucket: 'bronze', key: created.key, eTag: created.eTag });

    expect(await processor.process(created, delivery())).toMatchObject({ status: 'duplicate' });
    const [triple, session] = await online.readMany([`user:512345678:product:100:session:${SESSION}`, `session:${SESSION}`]);
    expect(triple).toMatchObject({ views: 1, carts: 1, purchases: 1 });
    expect(session).toMatchObject({ events: 3 });
    expect(await offline.countEvents()).toBe(3);
    expect(await online.freshness()).toBe(Date.UTC(2019, 10, 1, 0, 0, 4));
    expect(sink.letters).toHaveLength(4);
  });

  it('keeps every good line before a truncated gzip tail, in both stores, and dead-letters the tail once with its line', async () => {
    const lines = Array.from({ length: 3000 }, (_, n) => view(n));
    const whole = gzipSync(lines.join('\n') + '\n');
    const created = await put('bronze/truncated.ndjson.gz', lines, whole.subarray(0, Math.floor(whole.length * 0.7)));
    const outcome = await processor.process(created, delivery());
    expect(outcome).toMatchObject({ status: 'processed', unreadableTail: true });
    expect(outcome.events).toBeGreaterThan(1000);
    expect(await offline.countEvents()).toBe(outcome.events);
    expect(await sessionEvents()).toBe(outcome.events);
    expect(sink.letters).toEqual([
      expect.objectContaining({ code: 'TRUNCATED_INPUT', line: outcome.events + 1, source: { bucket: 'bronze', key: created.key, eTag: created.eTag } }),
    ]);
    expect(sink.letters[0]?.reason).toMatch(new RegExp(`^unreadable from line ${outcome.events + 1} on: input is truncated`));
    expect(await processor.process(created, delivery())).toMatchObject({ status: 'duplicate' });
    expect(sink.letters).toHaveLength(1);
  });

  it('keeps the good lines before an unclosed CSV quote and dead-letters the rest', async () => {
    const header = 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session';
    const csv = (n: number) => `2019-11-01 00:00:${String(n).padStart(2, '0')} UTC,view,100,2053013555631882655,,apple,10.5,512345678,${SESSION}`;
    const text = [header, csv(1), csv(2), `${csv(3).replace('apple', '"apple')}`, csv(4), ''].join('\n');
    const { eTag } = await lake.put({ bucket: 'bronze', key: 'bronze/quote.csv', body: Buffer.from(text) });
    const outcome = await processor.process({ bucket: 'bronze', key: 'bronze/quote.csv', eTag, size: 0 }, delivery());
    expect(outcome).toMatchObject({ status: 'processed', events: 2, rejected: 1, unreadableTail: true });
    expect(sink.letters).toEqual([expect.objectContaining({ code: 'MALFORMED_INPUT', line: 4 })]);
    expect(await offline.countEvents()).toBe(2);
  });

  it('reads at most INGEST_MAX_INFLATED_BYTES of an object: the lines within are kept, the rest is one letter', async () => {
    const lines = Array.from({ length: 2000 }, (_, n) => view(n));
    const lineBytes = Buffer.byteLength(lines[0] ?? '') + 1;
    const small = new LakeObjectProcessor(lake, online, offline, { maxInflatedBytes: 500 * lineBytes });
    const created = await put('bronze/big.ndjson.gz', lines);
    const outcome = await small.process(created, delivery());
    expect(outcome).toMatchObject({ status: 'processed', events: 500, unreadableTail: true });
    expect(sink.letters).toEqual([expect.objectContaining({ code: 'INPUT_TOO_LARGE', line: 501 })]);
    expect(await offline.countEvents()).toBe(500);
  });

  it('names each version of an overwritten key apart: both stores count the new version once more', async () => {
    const lines = [view(1), view(2), view(3)];
    const before = await put('bronze/rewritten.ndjson.gz', lines);
    await processor.process(before, delivery());
    const after = await put('bronze/rewritten.ndjson.gz', [...lines, view(4)]);
    expect(after.eTag).not.toBe(before.eTag);
    await processor.process(after, delivery());
    expect(await offline.countEvents()).toBe(7);
    expect(await sessionEvents()).toBe(7);
  });

  it('guards each fixed line range of an object, so a redo after a partial apply counts every event once', async () => {
    const lines = Array.from({ length: CHUNK_LINES + 10 }, (_, n) => view(n));
    const created = await put('bronze/two-ranges.ndjson.gz', lines);
    const batchIds: string[] = [];
    const apply = online.applyBatch.bind(online);
    let failOnce = true;
    jest.spyOn(online, 'applyBatch').mockImplementation(async (params) => {
      batchIds.push(params.batchId);
      const result = await apply(params);
      if (params.batchId.endsWith(`#lines:${CHUNK_LINES + 1}-${2 * CHUNK_LINES}`) && failOnce) {
        failOnce = false;
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
      }
      return result;
    });
    await expect(processor.process(created, delivery())).rejects.toThrow(/ECONNREFUSED/);
    expect(await processor.process(created, delivery())).toMatchObject({ status: 'processed', events: CHUNK_LINES + 10 });
    const id = `bronze/${created.key}#${created.eTag}`;
    expect(batchIds).toEqual([`${id}#lines:1-${CHUNK_LINES}`, `${id}#lines:${CHUNK_LINES + 1}-${2 * CHUNK_LINES}`, `${id}#lines:1-${CHUNK_LINES}`, `${id}#lines:${CHUNK_LINES + 1}-${2 * CHUNK_LINES}`]);
    expect(await sessionEvents()).toBe(CHUNK_LINES + 10);
    expect(await offline.countEvents()).toBe(CHUNK_LINES + 10);
  });

  it('reads only the bronze bucket: an object elsewhere is refused with a letter and nothing is read', async () => {
    const { eTag } = await lake.put({ bucket: 'datasource', key: 'datasource/load-1/part-00001.ndjson.gz', body: gzipSync(view(1)) });
    const get = jest.spyOn(lake, 'get');
    const outcome = await processor.process({ bucket: 'datasource', key: 'datasource/load-1/part-00001.ndjson.gz', eTag, size: 1 }, delivery());
    expect(outcome).toMatchObject({ status: 'refused', events: 0 });
    expect(get).not.toHaveBeenCalled();
    expect(sink.letters).toEqual([expect.objectContaining({ code: 'NOT_BRONZE', source: { bucket: 'datasource', key: 'datasource/load-1/part-00001.ndjson.gz', eTag } })]);
    expect(sink.letters[0]?.reason).toMatch(/reads only the bronze bucket/);
    expect(await offline.countProcessedObjects()).toBe(0);
  });

  it('dead-letters an announced object that is not in the lake, recorded for reprocessing', async () => {
    const outcome = await processor.process({ bucket: 'bronze', key: 'bronze/missing.ndjson', eTag: 'x', size: 1 }, delivery());
    expect(outcome.status).toBe('dead_lettered');
    expect(sink.letters[0]?.code).toBe('LAKE_OBJECT_NOT_FOUND');
    expect(await offline.objectRecord({ bucket: 'bronze', key: 'bronze/missing.ndjson', eTag: 'x' })).toMatchObject({ status: 'dead_lettered' });
  });

  it('redoes an object settled by the same delivery (its commit never happened), letters included', async () => {
    const created = await put('bronze/redelivered.ndjson.gz', [view(1), '{oops']);
    await processor.process(created, { letters: new ObjectLetters(sink), deliveryId: 'data_streaming/0/7' });
    await processor.process(created, { letters: new ObjectLetters(sink), deliveryId: 'data_streaming/0/7' });
    await processor.process(created, { letters: new ObjectLetters(sink), deliveryId: 'data_streaming/1/3' });
    expect(sink.letters.map((letter) => letter.line)).toEqual([2, 2]); // once per attempt that could settle
    expect(await sessionEvents()).toBe(1);
  });
});
