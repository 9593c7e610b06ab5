import { openPlatformDataSource } from '@platform/model-registry';
import { OFFLINE_STORE_EXTRAS, OfflineEventStore } from '@platform/offline-store';
import { createOnlineFeatureStore, OnlineFeatureStore } from '@platform/redis-feature-store';
import { createLake, Lake } from '@platform/s3-lake';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataSource } from 'typeorm';
import { RecordingDeadLetterSink } from '../testing/recording-dead-letter-sink';
import { LakeObjectProcessor } from './lake-object-processor';

const SESSION = '26dd6e6e-4dac-4778-8d2c-92e149dab885';
const row = (time: string, type: string, product: string, price = '10.5') =>
  JSON.stringify({
    event_time: time,
    event_type: type,
    product_id: product,
    category_id: '2053013555631882655',
    category_code: 'electronics.smartphone',
    brand: 'apple',
    price,
    user_id: '512345678',
    user_session: SESSION,
  });

describe('LakeObjectProcessor on the embedded adapters', () => {
  let dir: string;
  let lake: Lake;
  let online: OnlineFeatureStore;
  let dataSource: DataSource;
  let offline: OfflineEventStore;
  let sink: RecordingDeadLetterSink;
  let processor: LakeObjectProcessor;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pipeline-'));
    lake = createLake({ kind: 'file', root: join(dir, 'lake') });
    await lake.ensureBuckets();
    online = createOnlineFeatureStore({ kind: 'memory' });
    dataSource = await openPlatformDataSource({ kind: 'sqlite', file: join(dir, 'platform.db') }, OFFLINE_STORE_EXTRAS);
    offline = new OfflineEventStore(dataSource);
    sink = new RecordingDeadLetterSink();
    processor = new LakeObjectProcessor(lake, online, offline, sink, { chunkEvents: 2 });
  });

  afterEach(async () => {
    await dataSource.destroy();
    await online.close();
    await lake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function put(key: string, lines: string[]) {
    const { eTag, size } = await lake.put({ bucket: 'bronze', key, body: gzipSync(lines.join('\n') + '\n') });
    return { bucket: 'bronze', key, eTag, size };
  }

  it('applies good lines, sends exactly the bad ones to the DLQ with reasons, and counts an object once', async () => {
    const created = await put('bronze/events/dt=2019-11-01/hour=00/a.ndjson.gz', [
      row('2019-11-01 00:00:01 UTC', 'view', '100'),
      '{"event_time": broken json',
      row('2019-11-01 00:00:02 UTC', 'cart', '100'),
      row('2019-11-01 00:00:03 UTC', 'view', '200', '-1'),
      row('2019-11-01 00:00:04 UTC', 'purchase', '100'),
    ]);
    const first = await processor.process(created);
    expect(first).toMatchObject({ status: 'processed', events: 3, rejected: 2 });
    expect(sink.letters.map((letter) => [letter.line, letter.rule, letter.field])).toEqual([
      [2, 'json', 'record'],
      [4, 'non_negative', 'price'],
    ]);
    expect(sink.letters[1].source).toEqual({ bucket: 'bronze', key: created.key, eTag: created.eTag });

    expect(await processor.process(created)).toMatchObject({ status: 'duplicate' });
    const [triple, session] = await online.readMany([`user:512345678:product:100:session:${SESSION}`, `session:${SESSION}`]);
    expect(triple).toMatchObject({ views: 1, carts: 1, purchases: 1 });
    expect(session).toMatchObject({ events: 3 });
    expect(await offline.countEvents()).toBe(3);
    expect(await online.freshness()).toBe(Date.UTC(2019, 10, 1, 0, 0, 4));
  });

  it('sends an unreadable object to the DLQ once and marks it processed', async () => {
    const good = gzipSync(Buffer.from(`${row('2019-11-01 00:00:01 UTC', 'view', '100')}\n`.repeat(200)));
    const { eTag } = await lake.put({ bucket: 'bronze', key: 'bronze/broken.ndjson.gz', body: good.subarray(0, good.length - 20) });
    const created = { bucket: 'bronze', key: 'bronze/broken.ndjson.gz', eTag, size: 0 };
    const processorWithBigChunks = new LakeObjectProcessor(lake, online, offline, sink);
    expect(await processorWithBigChunks.process(created)).toMatchObject({ status: 'unreadable' });
    expect(await processorWithBigChunks.process(created)).toMatchObject({ status: 'duplicate' });
    expect(sink.letters).toHaveLength(1);
    expect(sink.letters[0].reason).toMatch(/unreadable object/);
    expect(await offline.countEvents()).toBe(0);
  });

  it('reports an announced object that is not in the lake', async () => {
    const outcome = await processor.process({ bucket: 'bronze', key: 'bronze/missing.ndjson', eTag: 'x', size: 1 });
    expect(outcome.status).toBe('unreadable');
    expect(sink.letters[0].code).toBe('LAKE_OBJECT_NOT_FOUND');
  });
});
