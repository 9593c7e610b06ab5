import { openPlatformDataSource } from '@platform/database';
import type { LakeObjectWritten } from '@platform/kafka-events';
import { OFFLINE_STORE_SCHEMA } from '@platform/offline-store';
import { Lake } from '@platform/s3-lake';
import { listKeys } from '@platform/testing';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { tempFileLake } from '../../testing/temp-file-lake';
import { INGEST_SCHEMA } from '../database/ingest.schema';
import { LakeAnnouncer } from '../notifications/lake-announcer';
import { DatasourceReplayer } from './datasource-replayer';
import { ReplayCursorStore } from './replay-cursor.store';

describe('DatasourceReplayer (file lake, SQLite)', () => {
  let lake: Lake;
  let dir: string;
  let dispose: () => Promise<void>;
  let dataSource: DataSource;
  let announced: string[];

  const replayer = () => {
    const announcer = new LakeAnnouncer({ send: async () => undefined }, { mode: 'writer' });
    jest.spyOn(announcer, 'announce').mockImplementation((object: LakeObjectWritten) => void announced.push(object.key));
    return new DatasourceReplayer(lake, new ReplayCursorStore(dataSource), announcer);
  };

  beforeEach(async () => {
    ({ lake, dir, dispose } = await tempFileLake());
    dataSource = await openPlatformDataSource({ kind: 'sqlite', file: join(dir, 'platform.db') }, [OFFLINE_STORE_SCHEMA, INGEST_SCHEMA]);
    announced = [];
    for (const key of ['datasource/a/part-00001.ndjson.gz', 'datasource/a/part-00002.ndjson.gz', 'datasource/a/_manifest.json', 'datasource/b/part-00001.ndjson.gz']) {
      await lake.put({ bucket: 'datasource', key, body: Buffer.from(key) });
    }
  });
  afterEach(async () => {
    await dataSource.destroy();
    await dispose();
  });

  it('copies data objects in key order into bronze/replay/, announces each, and finishes cleanly at the end', async () => {
    const progress: number[] = [];
    const result = await replayer().replay({ objectsPerTick: 2, tickMs: 0, onProgress: (p) => progress.push(p.copied) });
    expect(result).toMatchObject({ status: 'finished', copied: 3, totalCopied: 3, lastKey: 'datasource/b/part-00001.ndjson.gz', ticks: 2 });
    const expected = ['bronze/replay/datasource/a/part-00001.ndjson.gz', 'bronze/replay/datasource/a/part-00002.ndjson.gz', 'bronze/replay/datasource/b/part-00001.ndjson.gz'];
    expect(await listKeys(lake, 'bronze')).toEqual(expected);
    expect(announced).toEqual(expected);
    expect(progress).toEqual([1, 2, 3]);
    // Nothing left: a second run is a clean finish that copies nothing.
    expect(await replayer().replay({ tickMs: 0 })).toMatchObject({ status: 'finished', copied: 0, totalCopied: 3 });
    expect(announced).toHaveLength(3);
  });

  it('resumes after a stop from its cursor in the database: no duplicate, no gap', async () => {
    expect(await replayer().replay({ tickMs: 0, maxObjects: 1 })).toMatchObject({ status: 'paused', copied: 1 });
    expect(announced).toEqual(['bronze/replay/datasource/a/part-00001.ndjson.gz']);
    // A new replayer (as after a restart) reads the cursor back.
    expect(await replayer().replay({ tickMs: 0 })).toMatchObject({ status: 'finished', copied: 2, totalCopied: 3 });
    expect(announced).toEqual([
      'bronze/replay/datasource/a/part-00001.ndjson.gz',
      'bronze/replay/datasource/a/part-00002.ndjson.gz',
      'bronze/replay/datasource/b/part-00001.ndjson.gz',
    ]);
    // A load that arrives later is picked up by the same cursor.
    await lake.put({ bucket: 'datasource', key: 'datasource/c/part-00001.ndjson.gz', body: Buffer.from('c') });
    expect(await replayer().replay({ tickMs: 0 })).toMatchObject({ status: 'finished', copied: 1, totalCopied: 4 });
  });

  it('keeps its pace: one tick of objectsPerTick every tickMs, and stops on cancel with the cursor kept', async () => {
    const abort = new AbortController();
    const started = Date.now();
    const run = replayer().replay({ objectsPerTick: 1, tickMs: 150, signal: abort.signal, onProgress: (p) => p.copied === 2 && abort.abort() });
    const result = await run;
    expect(result).toMatchObject({ status: 'cancelled', copied: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(await new ReplayCursorStore(dataSource).get('replay:datasource/')).toMatchObject({ lastKey: 'datasource/a/part-00002.ndjson.gz', objectsCopied: 2 });
  });

  it('keeps separate cursors per prefix and refuses a name reused with another prefix', async () => {
    expect(await replayer().replay({ prefix: 'datasource/b/', tickMs: 0 })).toMatchObject({ status: 'finished', copied: 1, name: 'replay:datasource/b/' });
    await expect(replayer().replay({ prefix: 'datasource/a/', name: 'replay:datasource/b/' })).rejects.toThrow(/name: expected a replay name not used with another prefix/);
  });
});
