import { openPlatformDataSource } from '@platform/database';
import { LakeNotification } from '@platform/kafka-events';
import { OFFLINE_STORE_SCHEMA, OfflineEventStore } from '@platform/offline-store';
import { Lake } from '@platform/s3-lake';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { tempFileLake } from '../../testing/temp-file-lake';
import { INGEST_SCHEMA } from '../database/ingest.schema';
import { BronzeReconciler } from './bronze-reconciler';
import { LakeAnnouncer } from './lake-announcer';

describe('BronzeReconciler (file lake, SQLite)', () => {
  let lake: Lake;
  let dir: string;
  let dispose: () => Promise<void>;
  let dataSource: DataSource;

  beforeEach(async () => {
    ({ lake, dir, dispose } = await tempFileLake());
    dataSource = await openPlatformDataSource({ kind: 'sqlite', file: join(dir, 'platform.db') }, [OFFLINE_STORE_SCHEMA, INGEST_SCHEMA]);
  });
  afterEach(async () => {
    await dataSource.destroy();
    await dispose();
  });

  it('announces again the bronze objects the processor has no record of, and only those', async () => {
    const offline = new OfflineEventStore(dataSource);
    const done = await lake.put({ bucket: 'bronze', key: 'bronze/events/dt=2019-10-31/hour=18/A.ndjson.gz', body: Buffer.from('a') });
    const lost = await lake.put({ bucket: 'bronze', key: 'bronze/events/dt=2019-10-31/hour=18/B.ndjson.gz', body: Buffer.from('b') });
    await offline.markProcessed({ bucket: 'bronze', key: 'bronze/events/dt=2019-10-31/hour=18/A.ndjson.gz', eTag: done.eTag }, 1, 0);
    // Processed under another eTag: the key was overwritten since, so this version is not processed.
    await offline.markProcessed({ bucket: 'bronze', key: 'bronze/events/dt=2019-10-31/hour=18/B.ndjson.gz', eTag: 'older' }, 1, 0);
    const sent: LakeNotification[] = [];
    const announcer = new LakeAnnouncer({ send: async (notification) => void sent.push(notification) }, { mode: 'lake' });
    const result = await new BronzeReconciler(lake, offline, announcer).reconcile();
    expect(result).toMatchObject({ scanned: 2, processed: 1, announced: 1, keys: ['bronze/events/dt=2019-10-31/hour=18/B.ndjson.gz'] });
    expect(sent.map((n) => n.Key)).toEqual(['bronze/bronze/events/dt=2019-10-31/hour=18/B.ndjson.gz']);
    expect(sent[0]?.Records[0]?.s3.object).toMatchObject({ eTag: lost.eTag, size: 1 });
    // Young objects are left alone when asked.
    expect(await new BronzeReconciler(lake, offline, announcer).reconcile({ minAgeMs: 60_000 })).toMatchObject({ announced: 0, skippedYoung: 1 });
  });
});
