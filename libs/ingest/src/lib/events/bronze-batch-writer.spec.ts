import { itemAt } from '@platform/common';
import { listKeys, readGzipNdjson, waitUntil } from '@platform/testing';
import { Lake, LakeUnavailableError } from '@platform/s3-lake';
import { tempFileLake } from '../../testing/temp-file-lake';
import { BatchWriteFailedError } from '../errors/batch-write-failed.error';
import { ShuttingDownError } from '../errors/shutting-down.error';
import { BronzeBatchWriter, WrittenBatch } from './bronze-batch-writer';
import { eventLinesOf } from './event-lines';

const line = (n: number) => JSON.stringify({ n });
const texts = (from: number, count: number) => Array.from({ length: count }, (_, i) => line(from + i));
const lines = (from: number, count: number) => eventLinesOf(texts(from, count));

describe('BronzeBatchWriter', () => {
  let lake: Lake;
  let dispose: () => Promise<void>;
  let writer: BronzeBatchWriter | undefined;

  beforeEach(async () => ({ lake, dispose } = await tempFileLake()));
  afterEach(async () => {
    await writer?.close();
    writer = undefined;
    await dispose();
  });

  it('writes a batch as soon as it is full, without waiting for the delay', async () => {
    writer = new BronzeBatchWriter(lake, { maxEvents: 3, maxDelayMs: 60_000 });
    const started = Date.now();
    const object = itemAt(await writer.write(lines(0, 3)), 0);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(object).toMatchObject({ bucket: 'bronze', events: 3 });
    expect(object.key).toMatch(/^bronze\/events\/dt=\d{4}-\d{2}-\d{2}\/hour=\d{2}\/[0-9A-Z]{26}\.ndjson\.gz$/);
    expect(await readGzipNdjson(lake, 'bronze', object.key)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
  });

  /** Holds every PUT after the first `free` ones until `release` (a slow lake). */
  function holdPuts(free: number): { release: () => void; puts: () => number } {
    const put = lake.put.bind(lake);
    let released!: () => void;
    const gate = new Promise<void>((resolve) => (released = resolve));
    let puts = 0;
    jest.spyOn(lake, 'put').mockImplementation(async (params) => {
      if (puts++ >= free) await gate;
      return put(params);
    });
    return { release: released, puts: () => puts };
  }

  it('writes a lone request at once when no write is in flight (group commit), without waiting for maxDelayMs', async () => {
    writer = new BronzeBatchWriter(lake, { maxEvents: 1000, maxDelayMs: 60_000 });
    const object = itemAt(await writer.write(lines(0, 2)), 0);
    expect(object.events).toBe(2);
    expect(await readGzipNdjson(lake, 'bronze', object.key)).toEqual([{ n: 0 }, { n: 1 }]);
  });

  it('gathers the requests that arrive while the writes are in flight into one object, written when a write ends', async () => {
    const { release, puts } = holdPuts(0);
    writer = new BronzeBatchWriter(lake, { maxEvents: 1000, maxDelayMs: 60_000, maxWritesInFlight: 1 });
    const first = writer.write(lines(0, 1));
    await waitUntil('the first PUT', () => Promise.resolve(puts()), (n) => n === 1, 5_000);
    const later = [writer.write(lines(1, 2)), writer.write(lines(3, 1))];
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(puts()).toBe(1); // the slot is taken: the later requests wait for it, not for a full batch
    release();
    const answers = await Promise.all(later);
    const a = itemAt(itemAt(answers, 0), 0);
    const b = itemAt(itemAt(answers, 1), 0);
    expect(itemAt(await first, 0).events).toBe(1);
    expect(a.key).toBe(b.key);
    expect(await readGzipNdjson(lake, 'bronze', a.key)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('writes a batch once its first event has waited maxDelayMs, even while the writes in flight hang', async () => {
    const { release } = holdPuts(0);
    const put = lake.put as jest.Mock;
    writer = new BronzeBatchWriter(lake, { maxEvents: 1000, maxDelayMs: 100, maxWritesInFlight: 1 });
    const hung = writer.write(lines(0, 1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = Date.now();
    const waited = writer.write(lines(1, 1));
    await waitUntil('the second PUT', () => Promise.resolve(put.mock.calls.length), (n) => n === 2, 5_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    release();
    const [x, y] = await Promise.all([hung, waited]);
    expect(itemAt(x, 0).key).not.toBe(itemAt(y, 0).key);
  });

  it('shares objects between concurrent requests, and splits a request across objects when it overflows one', async () => {
    writer = new BronzeBatchWriter(lake, { maxEvents: 4, maxDelayMs: 50 });
    const results = await Promise.all([writer.write(lines(0, 3)), writer.write(lines(3, 3)), writer.write(lines(6, 1))]);
    expect(results.map((objects) => objects.map((object) => object.events))).toEqual([[4], [4, 3], [3]]);
    const keyOf = (request: number, object: number) => itemAt(itemAt(results, request), object).key;
    expect(keyOf(0, 0)).toBe(keyOf(1, 0));
    expect(keyOf(1, 1)).toBe(keyOf(2, 0));
    const keys = await listKeys(lake, 'bronze');
    expect(keys).toEqual([keyOf(0, 0), keyOf(1, 1)]); // ULIDs: key order is write order
    const stored = [...(await readGzipNdjson(lake, 'bronze', itemAt(keys, 0))), ...(await readGzipNdjson(lake, 'bronze', itemAt(keys, 1)))];
    expect(stored).toEqual(texts(0, 7).map((text) => JSON.parse(text)));
  });

  it('has every acknowledged event in the object it names, and tells onWritten about each object', async () => {
    const told: WrittenBatch[] = [];
    const shared = (writer = new BronzeBatchWriter(lake, { maxEvents: 50, maxDelayMs: 10 }, { announce: (object) => told.push(object) }));
    const requests = Array.from({ length: 30 }, (_, i) => shared.write(lines(i * 7, 7)));
    const answers = await Promise.all(requests);
    for (const [i, objects] of answers.entries()) {
      const stored = (await Promise.all(objects.map((object) => readGzipNdjson(lake, 'bronze', object.key)))).flat();
      for (const sent of texts(i * 7, 7)) expect(stored).toContainEqual(JSON.parse(sent));
    }
    const firstTold = itemAt(told, 0);
    const head = await lake.head({ bucket: 'bronze', key: firstTold.key });
    expect(firstTold).toMatchObject({ bucket: 'bronze', eTag: head.eTag, size: head.size });
    expect(told.reduce((sum, object) => sum + object.events, 0)).toBe(210);
  });

  it('fails every request of a batch whose write failed (503-able, retriable) and leaves no object behind', async () => {
    const put = lake.put.bind(lake);
    let failures = 1;
    jest.spyOn(lake, 'put').mockImplementation(async (params) => {
      if (failures-- > 0) throw new LakeUnavailableError('S3 answered 503 SlowDown');
      return put(params);
    });
    writer = new BronzeBatchWriter(lake, { maxEvents: 100, maxDelayMs: 20 });
    const outcomes = await Promise.allSettled([writer.write(lines(0, 2)), writer.write(lines(2, 2))]);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      const error = (outcome as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(BatchWriteFailedError);
      expect(error).toMatchObject({ code: 'BATCH_WRITE_FAILED', retriable: true, events: 4 });
      expect(error.message).toMatch(/none of them was accepted: S3 answered 503 SlowDown/);
    }
    expect(await listKeys(lake, 'bronze')).toEqual([]);
    // The writer goes on: the next batch is written.
    const object = itemAt(await writer.write(lines(4, 1)), 0);
    expect(await listKeys(lake, 'bronze')).toEqual([object.key]);
  });

  it('writes the open batch at close and refuses events after it', async () => {
    writer = new BronzeBatchWriter(lake, { maxEvents: 100, maxDelayMs: 60_000 });
    const pending = writer.write(lines(0, 2));
    await writer.close();
    const object = itemAt(await pending, 0);
    expect(await readGzipNdjson(lake, 'bronze', object.key)).toEqual([{ n: 0 }, { n: 1 }]);
    await expect(writer.write(lines(2, 1))).rejects.toBeInstanceOf(ShuttingDownError);
  });
});
