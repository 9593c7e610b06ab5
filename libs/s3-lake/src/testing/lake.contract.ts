import { itemAt } from '@platform/common';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { LakeBucketNotFoundError } from '../lib/errors/lake-bucket-not-found.error';
import { LakeInvalidKeyError } from '../lib/errors/lake-invalid-key.error';
import { LakeObjectNotFoundError } from '../lib/errors/lake-object-not-found.error';
import { LakeError } from '../lib/errors/lake.error';
import { LAKE_BUCKETS } from '../lib/lake.constants';
import { Lake, LakeObjectLocation, LakeObjectSummary } from '../lib/lake.port';
import { compareKeys } from '../lib/utils/compare-keys.util';
import { MemoryProbe } from './memory-probe';

export interface LakeHarness {
  /** A lake whose buckets carry a prefix unique to this run. */
  lake: Lake;
  /** Removes everything the run created, buckets included. */
  dispose(): Promise<void>;
  /**
   * The server's listing order when it is not S3's UTF-8 byte order. S3Proxy (the dev S3 server,
   * Java) sorts by UTF-16 code units, which differs from UTF-8 only between U+E000..U+FFFF and
   * characters above U+FFFF (emoji); AWS S3 and MinIO sort by UTF-8 bytes.
   */
  keyOrder?: (a: string, b: string) => number;
}

const MiB = 1024 * 1024;
/** Each sample costs two full GCs. */
const SAMPLE_EVERY = 4 * MiB;

/** The behaviour every lake driver promises; run against each driver by its own spec file. */
export function describeLakeContract(label: string, makeHarness: () => Promise<LakeHarness>): void {
  describe(`Lake contract (${label})`, () => {
    let harness: LakeHarness | undefined;
    let lake: Lake;

    beforeAll(async () => {
      harness = await makeHarness();
      lake = harness.lake;
      await lake.ensureBuckets();
    }, 60_000);

    afterAll(async () => {
      await harness?.dispose();
    }, 120_000);

    it('creates the lake buckets once, and answers ping', async () => {
      await lake.ensureBuckets(); // a second time: no error
      await expect(lake.ping()).resolves.toBeUndefined();
      expect(LAKE_BUCKETS).toEqual(['datasource', 'bronze', 'storage']);
    });

    it('round-trips binary content with its content type; head agrees with put', async () => {
      const body = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(10_000)]);
      const put = await lake.put({ bucket: 'storage', key: 'round-trip/bytes.bin', body, contentType: 'application/x-test' });
      expect(put).toEqual({ eTag: md5(body), size: body.length });

      const got = await lake.get({ bucket: 'storage', key: 'round-trip/bytes.bin' });
      expect(await readAll(got.body)).toEqual(body);
      expect(got).toMatchObject({ size: body.length, eTag: put.eTag, contentType: 'application/x-test' });

      const head = await lake.head({ bucket: 'storage', key: 'round-trip/bytes.bin' });
      expect(head).toMatchObject({ key: 'round-trip/bytes.bin', size: body.length, eTag: put.eTag });
      expect(head.contentType).toBe('application/x-test');
      expect(head.lastModified.getTime()).toBeGreaterThan(Date.now() - 10 * 60_000);
      expect(head.eTag).not.toMatch(/"/);
    });

    it('round-trips gzip data unchanged, and defaults the content type', async () => {
      const ndjson = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ i, event_type: 'view' })).join('\n');
      const gz = gzipSync(ndjson);
      await lake.put({ bucket: 'bronze', key: 'round-trip/events.ndjson.gz', body: gz });
      const got = await lake.get({ bucket: 'bronze', key: 'round-trip/events.ndjson.gz' });
      expect(gunzipSync(await readAll(got.body)).toString('utf8')).toBe(ndjson);
      expect(got.contentType).toBe('application/octet-stream');
    });

    it('replaces an object on a second put', async () => {
      const ref = { bucket: 'storage', key: 'round-trip/replaced.txt' };
      await lake.put({ ...ref, body: Buffer.from('first') });
      const second = await lake.put({ ...ref, body: Buffer.from('second, longer'), contentType: 'text/plain' });
      expect((await readAll((await lake.get(ref)).body)).toString()).toBe('second, longer');
      expect(await lake.head(ref)).toMatchObject({ eTag: second.eTag, size: 14, contentType: 'text/plain' });
    });

    it('streams a 50 MB object in and out without holding it in memory', async () => {
      const ref = { bucket: 'datasource', key: 'big/fifty.bin' };
      // Warm-up through the same code paths, so that code loaded on first use is not counted.
      await streamThrough(lake, { bucket: 'datasource', key: 'big/warm-up.bin' }, 6 * MiB);
      const probe = new MemoryProbe();
      await probe.start();
      const { put, written, read } = await streamThrough(lake, ref, 50 * MiB, () => probe.sample());
      expect(put.size).toBe(50 * MiB);
      expect(read).toEqual({ size: 50 * MiB, sha256: written.sha256 });
      expect((await lake.head(ref)).eTag).toBe(put.eTag);
      // Parts in flight (a few 5 MiB multipart buffers on S3) are fine; the whole object is not.
      expect(probe.peakGrowthBytes).toBeLessThan(25 * MiB);
      await lake.deleteMany({ bucket: 'datasource', keys: [ref.key, 'big/warm-up.bin'] });
    }, 180_000);

    describe('listing', () => {
      // Names that JS string order and UTF-8 byte order disagree on (U+FF5E vs U+1F600), and
      // "-" < "/" < "0" around a folder-like prefix.
      const special = ['a-b', 'a/x', 'a0', 'ｚ-fullwidth', '😀-emoji', 'é', 'e', 'A', '~tilde'];
      const keys = [
        ...Array.from({ length: 2500 - special.length }, (_, i) => `n-${String(i * 7919 % 10007).padStart(5, '0')}`),
        ...special,
      ].map((key) => `list/${key}`);
      let expected: string[];

      beforeAll(async () => {
        expected = [...keys].sort(harness?.keyOrder ?? compareKeys);
        expect(new Set(keys).size).toBe(2500);
        await inParallel(keys, 32, (key) => lake.put({ bucket: 'bronze', key, body: Buffer.from(key) }));
      }, 180_000);

      it('lists 2,500 keys across pages in UTF-8 byte order', async () => {
        const listed = await collect(lake.list({ bucket: 'bronze', prefix: 'list/', pageSize: 700 }));
        expect(listed.map((item) => item.key)).toEqual(expected);
        const byKey = new Map(listed.map((item) => [item.key, item]));
        const emoji = byKey.get('list/😀-emoji');
        expect(emoji).toMatchObject({ size: Buffer.byteLength('list/😀-emoji'), eTag: md5(Buffer.from('list/😀-emoji')) });
        if (!harness?.keyOrder) {
          // JS string order would put the emoji (a surrogate pair) before the fullwidth letter.
          expect(expected.indexOf('list/ｚ-fullwidth')).toBeLessThan(expected.indexOf('list/😀-emoji'));
        }
      }, 60_000);

      it('starts after a key and narrows by prefix', async () => {
        const after = expected[1234];
        const rest = await collect(lake.list({ bucket: 'bronze', prefix: 'list/', startAfter: after, pageSize: 1000 }));
        expect(rest.map((item) => item.key)).toEqual(expected.slice(1235));
        const folder = await collect(lake.list({ bucket: 'bronze', prefix: 'list/a' }));
        expect(folder.map((item) => item.key)).toEqual(['list/a-b', 'list/a/x', 'list/a0']);
        expect(await collect(lake.list({ bucket: 'bronze', prefix: 'list/none-' }))).toEqual([]);
      });

      it('deletes many keys at once', async () => {
        await lake.deleteMany({ bucket: 'bronze', keys });
        expect(await collect(lake.list({ bucket: 'bronze', prefix: 'list/' }))).toEqual([]);
      }, 60_000);
    });

    it('reports a missing key as LakeObjectNotFoundError with bucket and key', async () => {
      const ref = { bucket: 'bronze', key: 'missing/nothing-here.ndjson' };
      for (const attempt of [
        () => lake.get(ref),
        () => lake.head(ref),
        () => lake.copy({ source: ref, target: { bucket: 'bronze', key: 'missing/copy.ndjson' } }),
      ]) {
        const error = await attempt().catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(LakeObjectNotFoundError);
        expect(error).toMatchObject({ bucket: lake.bucketName('bronze'), key: ref.key, retriable: false, code: 'LAKE_OBJECT_NOT_FOUND' });
      }
      await expect(lake.head({ bucket: 'bronze', key: 'missing/copy.ndjson' })).rejects.toBeInstanceOf(LakeObjectNotFoundError);
      await expect(lake.delete(ref)).resolves.toBeUndefined();
    });

    it('reports a missing bucket as LakeBucketNotFoundError', async () => {
      const error = await lake.get({ bucket: 'no-such-bucket', key: 'x' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(LakeBucketNotFoundError);
      expect(error).toMatchObject({ bucket: lake.bucketName('no-such-bucket'), retriable: false });
      await expect(lake.put({ bucket: 'no-such-bucket', key: 'x', body: Buffer.from('x') })).rejects.toBeInstanceOf(
        LakeBucketNotFoundError,
      );
    });

    it('keeps keys with spaces and non-ASCII characters exactly', async () => {
      const key = 'bronze/événements 2019/☃ file.ndjson.gz';
      const body = gzipSync('{"event_type":"view"}\n');
      const put = await lake.put({ bucket: 'bronze', key, body, contentType: 'application/gzip' });
      expect((await lake.head({ bucket: 'bronze', key })).eTag).toBe(put.eTag);
      expect(await readAll((await lake.get({ bucket: 'bronze', key })).body)).toEqual(body);
      const listed = await collect(lake.list({ bucket: 'bronze', prefix: 'bronze/événements 2019/' }));
      expect(listed.map((item) => item.key)).toEqual([key]);
      await lake.copy({ source: { bucket: 'bronze', key }, target: { bucket: 'bronze', key: `${key}.copy` } });
      expect((await lake.head({ bucket: 'bronze', key: `${key}.copy` })).size).toBe(body.length);
      await lake.deleteMany({ bucket: 'bronze', keys: [key, `${key}.copy`] });
    });

    it('copies an object with its content type, within and across buckets', async () => {
      const body = Buffer.from('model bytes');
      const put = await lake.put({ bucket: 'storage', key: 'models/m/1/model.onnx', body, contentType: 'application/onnx' });
      const copied = await lake.copy({
        source: { bucket: 'storage', key: 'models/m/1/model.onnx' },
        target: { bucket: 'datasource', key: 'copies/model.onnx' },
      });
      expect(copied.eTag).toBe(put.eTag);
      const got = await lake.get({ bucket: 'datasource', key: 'copies/model.onnx' });
      expect(await readAll(got.body)).toEqual(body);
      expect(got).toMatchObject({ eTag: put.eTag, contentType: 'application/onnx', size: body.length });
      expect((await lake.head({ bucket: 'storage', key: 'models/m/1/model.onnx' })).eTag).toBe(put.eTag);
    });

    it('deletes an object, and a later put of the same key works', async () => {
      const ref = { bucket: 'storage', key: 'deleted/once.txt' };
      await lake.put({ ...ref, body: Buffer.from('x') });
      await lake.delete(ref);
      await expect(lake.head(ref)).rejects.toBeInstanceOf(LakeObjectNotFoundError);
      expect(await collect(lake.list({ bucket: 'storage', prefix: 'deleted/' }))).toEqual([]);
      await lake.put({ ...ref, body: Buffer.from('again') });
      expect((await lake.head(ref)).size).toBe(5);
    });

    it('refuses keys that are not portable, naming the problem', async () => {
      for (const key of ['', '../escape', 'a/../../b', '/leading', 'trailing/', 'a//b', 'nul\u0000', './x']) {
        const error = await lake.put({ bucket: 'bronze', key, body: Buffer.from('x') }).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(LakeInvalidKeyError);
        expect((error as LakeError).message).toContain('Invalid object key');
      }
      await expect(lake.get({ bucket: 'bronze', key: '../x' })).rejects.toBeInstanceOf(LakeInvalidKeyError);
    });
  });
}

/**
 * Writes `size` random bytes as a stream and reads them back, hashing both sides on the fly;
 * `onSample` runs after every 4 MiB produced and every 4 MiB consumed.
 */
async function streamThrough(lake: Lake, ref: LakeObjectLocation, size: number, onSample: () => Promise<void> = async () => undefined) {
  const chunk = 256 * 1024;
  const writtenHash = createHash('sha256');
  const source = Readable.from(
    (async function* () {
      for (let offset = 0; offset < size; offset += chunk) {
        const bytes = randomBytes(chunk);
        writtenHash.update(bytes);
        if ((offset + chunk) % SAMPLE_EVERY === 0) await onSample();
        yield bytes;
      }
    })(),
  );
  const put = await lake.put({ ...ref, body: source });
  const readHash = createHash('sha256');
  let received = 0;
  let nextSample = SAMPLE_EVERY;
  for await (const bytes of (await lake.get(ref)).body) {
    readHash.update(bytes as Buffer);
    received += (bytes as Buffer).length;
    if (received >= nextSample) {
      await onSample();
      nextSample += SAMPLE_EVERY;
    }
  }
  return { put, written: { sha256: writtenHash.digest('hex') }, read: { size: received, sha256: readHash.digest('hex') } };
}

function md5(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('hex');
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function collect(items: AsyncIterable<LakeObjectSummary>): Promise<LakeObjectSummary[]> {
  const all: LakeObjectSummary[] = [];
  for await (const item of items) all.push(item);
  return all;
}

async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(itemAt(items, next++));
    }),
  );
}
