import { itemAt } from '@platform/common';
import { listKeys, readGzipNdjson, syntheticRows } from '@platform/testing';
import { Lake } from '@platform/s3-lake';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tempFileLake } from '../../testing/temp-file-lake';
import { FileNotFoundError } from '../errors/file-not-found.error';
import { InvalidRequestError } from '../errors/invalid-request.error';
import { BulkLoadProgress } from './bulk-load.types';
import { BulkLoader } from './bulk-loader';

const HEADER = 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session';
const csvOf = (rows: Record<string, string>[]) => [HEADER, ...rows.map((row) => HEADER.split(',').map((column) => row[column]).join(','))].join('\n');

describe('BulkLoader', () => {
  let lake: Lake;
  let dir: string;
  let dispose: () => Promise<void>;

  beforeEach(async () => ({ lake, dir, dispose } = await tempFileLake()));
  afterEach(() => dispose());

  it('loads a gzip CSV into datasource chunks of normalised events, with rejects and a manifest', async () => {
    const rows = syntheticRows(23);
    const bad: Record<string, string> = { ...rows[4], price: '-1' };
    const file = join(dir, 'export.csv.gz');
    writeFileSync(file, gzipSync(csvOf([...rows.slice(0, 4), bad, ...rows.slice(4)])));
    const progress: BulkLoadProgress[] = [];
    const result = await new BulkLoader(lake).load({
      file,
      loadId: 'load-1',
      chunkEvents: 10,
      rejectsFile: join(dir, 'rejects.ndjson'),
      onProgress: (p) => progress.push(p),
    });
    expect(result).toMatchObject({ status: 'finished', loadId: 'load-1', source: 'export.csv.gz', rows: 24, loaded: 23, rejected: 1, chunks: 3 });
    expect(result.objects).toEqual(['datasource/load-1/part-00001.ndjson.gz', 'datasource/load-1/part-00002.ndjson.gz', 'datasource/load-1/part-00003.ndjson.gz']);
    expect(await listKeys(lake, 'datasource')).toEqual([
      'datasource/load-1/_manifest.json',
      'datasource/load-1/_rejects-00001.ndjson.gz',
      ...result.objects,
    ]);
    const loaded = (await Promise.all(result.objects.map((key) => readGzipNdjson(lake, 'datasource', key)))).flat();
    expect(loaded.map((event) => event['product_id'])).toEqual(rows.map((row) => row.product_id));
    const firstRow = itemAt(rows, 0);
    expect(loaded[0]).toEqual({ ...firstRow, price: Number(firstRow.price) });

    const reject = itemAt(await readGzipNdjson(lake, 'datasource', 'datasource/load-1/_rejects-00001.ndjson.gz'), 0);
    expect(reject).toMatchObject({ line: 6, rules: [{ field: 'price', rule: 'non_negative' }], raw: { price: '-1', product_id: bad.product_id } });
    expect(reject['reason']).toMatch(/^line 6: price "-1" must be >= 0/);
    expect(readFileSync(join(dir, 'rejects.ndjson'), 'utf8').trim()).toBe(JSON.stringify(reject));

    const last = progress[progress.length - 1];
    expect(last).toMatchObject({ bytesRead: result.totalBytes, rows: 24, etaSeconds: 0 });
    const chunks: Buffer[] = [];
    for await (const chunk of (await lake.get({ bucket: 'datasource', key: result.manifestKey })).body) chunks.push(chunk as Buffer);
    const manifest = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    expect(manifest).toMatchObject({ status: 'finished', loaded: 23, objects: result.objects });
  });

  it('keeps what precedes the damage in a truncated gzip file and reports the load failed', async () => {
    const file = join(dir, 'cut.ndjson.gz');
    const whole = gzipSync(syntheticRows(2000).map((row) => JSON.stringify(row)).join('\n'));
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const result = await new BulkLoader(lake).load({ file, loadId: 'cut', chunkEvents: 500 });
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'TRUNCATED_INPUT' });
    expect(result.loaded).toBeGreaterThan(0);
    const loaded = (await Promise.all(result.objects.map((key) => readGzipNdjson(lake, 'datasource', key)))).flat();
    expect(loaded).toHaveLength(result.loaded);
  });

  it('names the problem with a missing file or one it cannot read', async () => {
    await expect(new BulkLoader(lake).load({ file: join(dir, 'nope.csv') })).rejects.toBeInstanceOf(FileNotFoundError);
    await expect(new BulkLoader(lake).load({ file: join(dir, 'notes.txt') })).rejects.toThrow(InvalidRequestError);
    const file = join(dir, 'no-header.csv');
    writeFileSync(file, 'a,b\n1,2\n');
    const result = await new BulkLoader(lake).load({ file });
    expect(result).toMatchObject({ status: 'failed', loaded: 0, error: { code: 'MISSING_COLUMNS' } });
  });

  it('resumes an interrupted load after its last written part: whole parts only, none written twice', async () => {
    // More rows than one parsed batch (5000), so that the stop is seen between batches.
    const rows = syntheticRows(12_345);
    const file = join(dir, 'rows.ndjson');
    writeFileSync(file, rows.map((row) => JSON.stringify(row)).join('\n'));
    const stop = new AbortController();
    const interrupted = await new BulkLoader(lake).load({
      file,
      loadId: 'r',
      chunkEvents: 1000,
      signal: stop.signal,
      onProgress: (p) => p.chunks >= 2 && stop.abort(),
    });
    expect(interrupted.status).toBe('cancelled');
    const written = (await listKeys(lake, 'datasource', 'datasource/r/part-')).length;
    expect(written).toBeGreaterThanOrEqual(2);
    expect(interrupted).toMatchObject({ loaded: written * 1000, chunks: written });

    const put = jest.spyOn(lake, 'put');
    const resumed = await new BulkLoader(lake).load({ file, loadId: 'r', chunkEvents: 1000, resume: true });
    expect(resumed).toMatchObject({ status: 'finished', loaded: 12_345, chunks: 13, resumedAfterPart: written });
    expect(written).toBeLessThan(13);
    const putKeys = put.mock.calls.map(([params]) => params.key).filter((key) => key.includes('/part-'));
    expect(putKeys).toEqual(resumed.objects.slice(written));
    const loaded = (await Promise.all(resumed.objects.map((key) => readGzipNdjson(lake, 'datasource', key)))).flat();
    expect(loaded.map((event) => event['product_id'])).toEqual(rows.map((row) => row.product_id));
  });
});
