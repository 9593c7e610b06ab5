import { openPlatformDataSource } from '@platform/database';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { INGEST_SCHEMA } from '../database/ingest.schema';
import { JobView } from './job-registry';
import { JobStore } from './job.store';

const view = (id: string, status: JobView['status']): JobView => ({ id, kind: 'bulk-load', status, params: { path: 'a.csv', loadId: id }, startedAt: '2026-01-01T00:00:00.000Z' });

describe('JobStore', () => {
  let dir: string;
  let dataSource: DataSource;
  let store: JobStore;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jobs-'));
    dataSource = await openPlatformDataSource({ kind: 'sqlite', file: join(dir, 'platform.db') }, [INGEST_SCHEMA]);
    store = new JobStore(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hands each unfinished job to one gateway: interrupted ones at once, running ones once their heartbeat is stale', async () => {
    const now = Date.now();
    await store.save({ ...view('01A', 'running'), progress: { chunks: 2 } }, 'alive', now);
    await store.save(view('01B', 'running'), 'killed', now - 60_000);
    await store.save(view('01C', 'interrupted'), 'stopped', now);
    await store.save({ ...view('01D', 'finished'), finishedAt: '2026-01-01T00:01:00.000Z' }, 'killed', now - 60_000);

    const [first, second] = await Promise.all([store.claimInterrupted('gateway-1', 30_000, now), store.claimInterrupted('gateway-2', 30_000, now)]);
    const ids = [...first, ...second].map((job) => job.id).sort();
    expect(ids).toEqual(['01B', '01C']);
    expect(await store.claimInterrupted('gateway-3', 30_000, now)).toEqual([]);
    expect(await store.get('01A')).toEqual({ ...view('01A', 'running'), progress: { chunks: 2 } });
    expect((await store.list(10)).map((job) => job.id)).toEqual(['01D', '01C', '01B', '01A']);
  });
});
