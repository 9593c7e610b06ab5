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
import { LakeNotificationHandler, OBJECT_ATTEMPTS } from './lake-notification-handler';
import { LakeObjectProcessor } from './lake-object-processor';

const SESSION = '26dd6e6e-4dac-4778-8d2c-92e149dab885';
const line = (second: number, price = '10.5') =>
  JSON.stringify({
    event_time: `2019-11-01 00:00:${String(second).padStart(2, '0')} UTC`,
    event_type: 'view',
    product_id: '100',
    category_id: '2053013555631882655',
    category_code: '',
    brand: 'apple',
    price,
    user_id: '512345678',
    user_session: SESSION,
  });

describe('LakeNotificationHandler', () => {
  let dir: string;
  let lake: Lake;
  let online: OnlineFeatureStore;
  let dataSource: DataSource;
  let offline: OfflineEventStore;
  let sink: RecordingDeadLetterSink;
  let handler: LakeNotificationHandler;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'handler-'));
    lake = createLake({ kind: 'file', root: join(dir, 'lake') });
    await lake.ensureBuckets();
    online = createOnlineFeatureStore({ kind: 'memory' });
    dataSource = await openPlatformDataSource({ kind: 'sqlite', file: join(dir, 'platform.db') }, [OFFLINE_STORE_SCHEMA]);
    offline = new OfflineEventStore(dataSource);
    sink = new RecordingDeadLetterSink();
    handler = new LakeNotificationHandler(new LakeObjectProcessor(lake, online, offline, { maxInflatedBytes: 1 << 20 }), online);
  });

  afterEach(async () => {
    handler.beforeApplicationShutdown();
    await dataSource.destroy();
    await online.close();
    await lake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function announce(key: string, lines: string[]) {
    const { eTag, size } = await lake.put({ bucket: 'bronze', key, body: gzipSync(lines.join('\n') + '\n') });
    return { bucket: 'bronze', key, eTag, size };
  }

  it('sends each letter once when the object is redone after a server was away', async () => {
    const created = await announce('bronze/flaky.ndjson.gz', [line(1), line(2, '-1'), line(3), '{broken']);
    const insert = offline.insertEvents.bind(offline);
    let failures = 2;
    jest.spyOn(offline, 'insertEvents').mockImplementation(async (...args) => {
      if (failures-- > 0) throw Object.assign(new Error('Connection terminated unexpectedly'), { code: '57P01' });
      return insert(...args);
    });
    const [outcome] = await handler.handle([created], { deadLetters: sink });
    expect(outcome).toMatchObject({ status: 'processed', events: 2, rejected: 2 });
    expect(sink.letters.map((letter) => letter.line)).toEqual([2, 4]);
    expect(await offline.countEvents()).toBe(2);
  });

  it('dead-letters an object whose failure cannot be retried, once, with its identity, and records it for reprocessing', async () => {
    const created = await announce('bronze/wrong-type.ndjson.gz', [line(1), line(2, '-1')]);
    const apply = jest.spyOn(online, 'applyBatch').mockRejectedValue(Object.assign(new Error('session:x holds a string, not a hash'), { code: 'FEATURE_WRONG_TYPE', retriable: false }));
    const [outcome] = await handler.handle([created], { deadLetters: sink, deliveryId: 'data_streaming/0/1' });
    expect(outcome).toMatchObject({ status: 'dead_lettered' });
    expect(apply).toHaveBeenCalledTimes(1);
    const objectLetters = sink.letters.filter((letter) => letter.line === undefined);
    expect(objectLetters).toEqual([
      expect.objectContaining({ code: 'FEATURE_WRONG_TYPE', attempts: 1, source: { bucket: 'bronze', key: created.key, eTag: created.eTag } }),
    ]);
    expect(objectLetters[0]?.reason).toMatch(/retrying cannot fix: session:x holds a string.*reprocess the object/);
    expect(await offline.objectRecord(created)).toMatchObject({ status: 'dead_lettered', deliveryId: 'data_streaming/0/1' });

    // Once the cause is fixed and the object released, the same announcement processes it.
    apply.mockRestore();
    expect(await offline.releaseDeadLettered(created)).toBe(true);
    const [again] = await handler.handle([created], { deadLetters: new RecordingDeadLetterSink() });
    expect(again).toMatchObject({ status: 'processed', events: 1, rejected: 1 });
  });

  it(`tries an object that fails for an unknown reason ${OBJECT_ATTEMPTS} times before dead-lettering it`, async () => {
    const created = await announce('bronze/bug.ndjson.gz', [line(1)]);
    const apply = jest.spyOn(online, 'applyBatch').mockRejectedValue(new TypeError('cannot read properties of undefined'));
    const [outcome] = await handler.handle([created], { deadLetters: sink });
    expect(outcome?.status).toBe('dead_lettered');
    expect(apply).toHaveBeenCalledTimes(OBJECT_ATTEMPTS);
    expect(sink.letters).toEqual([expect.objectContaining({ code: 'PROCESSING_FAILED', attempts: OBJECT_ATTEMPTS })]);
  });

  it('gives the message back to the bus when its letters cannot be sent', async () => {
    const created = await announce('bronze/no-dlq.ndjson.gz', [line(1), '{broken']);
    const failing = { send: async () => Promise.reject(Object.assign(new Error('the transaction was fenced'), { retriable: false })) };
    await expect(handler.handle([created], { deadLetters: failing })).rejects.toThrow(/dead letters could not be sent: the transaction was fenced/);
    expect(await offline.isProcessed(created)).toBe(false);
  });
});
