import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { LakeKeyConflictError } from '../../errors/lake-key-conflict.error';
import { FileLake } from './file-lake.driver';

/** What only the filesystem driver has to get right: files, folders, sidecars, renames. */
describe('FileLake', () => {
  let root: string;
  let lake: FileLake;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'file-lake-'));
    lake = new FileLake({ root });
    await lake.ensureBuckets(['bronze']);
  });

  afterEach(() => rm(root, { recursive: true, force: true }));

  it('stores keys as paths under the bucket folder and metadata in a hidden tree', async () => {
    await lake.put({ bucket: 'bronze', key: 'a/b/c.json', body: Buffer.from('{}'), contentType: 'application/json' });
    expect(await readFile(join(root, 'bronze', 'a', 'b', 'c.json'), 'utf8')).toBe('{}');
    expect(JSON.parse(await readFile(join(root, '.lake-meta', 'bronze', 'a', 'b', 'c.json'), 'utf8'))).toMatchObject({
      contentType: 'application/json',
      size: 2,
    });
  });

  it('keeps the previous object and leaves no temporary file when a streamed write fails', async () => {
    await lake.put({ bucket: 'bronze', key: 'x.bin', body: Buffer.from('old') });
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1024, 1));
        this.destroy(new Error('source broke'));
      },
    });
    await expect(lake.put({ bucket: 'bronze', key: 'x.bin', body: failing })).rejects.toThrow('source broke');
    expect((await lake.head({ bucket: 'bronze', key: 'x.bin' })).size).toBe(3);
    expect(await readdir(join(root, 'bronze'))).toEqual(['x.bin']);
  });

  it('ignores a sidecar that belongs to another version of the file', async () => {
    const put = await lake.put({ bucket: 'bronze', key: 'y.txt', body: Buffer.from('one'), contentType: 'text/plain' });
    // Replaced behind the lake's back (e.g. by hand): same size, other content.
    await rm(join(root, 'bronze', 'y.txt'));
    await writeFile(join(root, 'bronze', 'y.txt'), 'two');
    const head = await lake.head({ bucket: 'bronze', key: 'y.txt' });
    expect(head.eTag).not.toBe(put.eTag);
    expect(head.eTag).toBe('b8a9f715dbb64fd5c56e7783c6820a61'); // md5("two")
    expect(head.contentType).toBe('application/octet-stream');
  });

  it('refuses a key that is both an object and a folder', async () => {
    await lake.put({ bucket: 'bronze', key: 'd/x', body: Buffer.from('x') });
    await expect(lake.put({ bucket: 'bronze', key: 'd', body: Buffer.from('x') })).rejects.toBeInstanceOf(LakeKeyConflictError);
    await expect(lake.put({ bucket: 'bronze', key: 'd/x/y', body: Buffer.from('x') })).rejects.toBeInstanceOf(LakeKeyConflictError);
    await expect(lake.head({ bucket: 'bronze', key: 'd' })).rejects.toMatchObject({ code: 'LAKE_OBJECT_NOT_FOUND' });
  });

  it('removes folders a delete leaves empty, so the name can become an object', async () => {
    await lake.put({ bucket: 'bronze', key: 'e/f/g', body: Buffer.from('x') });
    await lake.delete({ bucket: 'bronze', key: 'e/f/g' });
    expect(await readdir(join(root, 'bronze'))).toEqual([]);
    await lake.put({ bucket: 'bronze', key: 'e', body: Buffer.from('now a file') });
    expect((await lake.head({ bucket: 'bronze', key: 'e' })).size).toBe(10);
  });

  it('lists in UTF-8 byte order across folders, skipping temporary files', async () => {
    const keys = ['a/x', 'a-b', 'a0', 'ｚ', '😀', 'a/y/z'];
    for (const key of keys) await lake.put({ bucket: 'bronze', key, body: Buffer.from(key) });
    await writeFile(join(root, 'bronze', '.lake-tmp-in-flight'), 'partial');
    const listed: string[] = [];
    for await (const item of lake.list({ bucket: 'bronze' })) listed.push(item.key);
    expect(listed).toEqual(['a-b', 'a/x', 'a/y/z', 'a0', 'ｚ', '😀']);
    const after: string[] = [];
    for await (const item of lake.list({ bucket: 'bronze', startAfter: 'a/x' })) after.push(item.key);
    expect(after).toEqual(['a/y/z', 'a0', 'ｚ', '😀']);
  });

  it('serves concurrent writers of one key with one whole version', async () => {
    const bodies = Array.from({ length: 8 }, (_, i) => Buffer.alloc(100_000 + i, i));
    await Promise.all(bodies.map((body) => lake.put({ bucket: 'bronze', key: 'race.bin', body })));
    const head = await lake.head({ bucket: 'bronze', key: 'race.bin' });
    const chunks: Buffer[] = [];
    for await (const chunk of (await lake.get({ bucket: 'bronze', key: 'race.bin' })).body) chunks.push(chunk as Buffer);
    const content = Buffer.concat(chunks);
    expect(bodies.some((body) => body.equals(content))).toBe(true);
    expect(head.size).toBe(content.length);
    expect(await readdir(join(root, 'bronze'))).toEqual(['race.bin']);
  });
});
