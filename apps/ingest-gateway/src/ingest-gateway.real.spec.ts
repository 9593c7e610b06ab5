import { itemAt } from '@platform/common';
import { REES46_NORMALISED, REES46_ROWS, listKeys, readGzipNdjson } from '@platform/testing';
import { LAKE, Lake } from '@platform/s3-lake';
import { openPlatformDataSource, PLATFORM_DATA_SOURCE } from '@platform/database';
import { INGEST_SCHEMA } from '@platform/ingest';
import { OfflineEventStore } from '@platform/offline-store';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { GatewayApp, startGatewayApp } from './testing/gateway-app';
import { NotificationReader, readNotifications } from './testing/kafka-notifications';
import { RealServices, realServices } from './testing/real-services';

const REES46_DIR = join(__dirname, '..', '..', '..', '..', 'shared', 'data', 'rees46');
const OCTOBER = '2019-Oct-tail-100k.csv.gz';

/**
 * The gateway against the real servers of tools/dev-services (S3Proxy, Kafka, PostgreSQL), each
 * run in its own buckets, topics and database: POST /events → bronze → `data_streaming`; the real
 * REES46 file bulk-loaded into datasource; the replay with its cursor across a restart; the
 * reconciliation.
 */
describe('ingest-gateway on the real servers', () => {
  let services: RealServices;
  let gateway: GatewayApp;
  let lake: Lake;
  let notifications: NotificationReader;

  const start = async () => {
    gateway = await startGatewayApp(services.env);
    lake = gateway.app.get<Lake>(LAKE);
  };

  beforeAll(async () => {
    services = await realServices({ INGEST_BULK_LOAD_DIR: REES46_DIR, INGEST_BATCH_MAX_DELAY_MS: '50' });
    try {
      await start();
    } catch (error) {
      throw new Error(`the gateway cannot start on the dev servers (${(error as Error).message}): run \`npm run services:up\``, { cause: error });
    }
    notifications = await readNotifications(services.kafka, services.topicPrefix);
  }, 60_000);

  const opened: DataSource[] = [];

  afterAll(async () => {
    for (const dataSource of opened) await dataSource.destroy();
    await notifications?.stop();
    await gateway?.close();
    await services?.cleanup();
  }, 60_000);

  it('writes POST /events to bronze on S3 and announces the object on Kafka', async () => {
    const response = await gateway.app.inject({ method: 'POST', url: '/events', payload: REES46_ROWS });
    expect(response.statusCode).toBe(202);
    const key = itemAt(response.json().objects as string[], 0);
    expect(await readGzipNdjson(lake, 'bronze', key)).toEqual(REES46_NORMALISED);
    const head = await lake.head({ bucket: 'bronze', key });
    const announced = itemAt(await notifications.forKey(key), 0);
    expect(announced).toEqual({ bucket: 'bronze', key, size: head.size, eTag: head.eTag });
  });

  it('bulk-loads the real October file into datasource: 2 chunks of 50k, no reject', async () => {
    const started = await gateway.app.inject({ method: 'POST', url: '/bulk-loads', payload: { path: OCTOBER, loadId: 'october' } });
    expect(started.statusCode).toBe(202);
    const job = await waitForJob(started.json().id, 30_000);
    expect(job).toMatchObject({ status: 'finished', result: { rows: 100_000, loaded: 100_000, rejected: 0, chunks: 2 } });
    expect(await listKeys(lake, 'datasource', 'datasource/october/')).toEqual([
      'datasource/october/_manifest.json',
      'datasource/october/part-00001.ndjson.gz',
      'datasource/october/part-00002.ndjson.gz',
    ]);
    const first = await readGzipNdjson(lake, 'datasource', 'datasource/october/part-00001.ndjson.gz');
    expect(first).toHaveLength(50_000);
    expect(first[0]).toEqual({ ...REES46_NORMALISED[0] });
    const { result } = job as { result: { rowsPerSecond: number } };
    process.stdout.write(`bulk load of ${OCTOBER} to S3: ${result.rowsPerSecond} rows/s\n`);
  }, 40_000);

  it('replays datasource into bronze with its cursor in PostgreSQL: a restart mid-way gives no duplicate and no gap', async () => {
    const first = await gateway.app.inject({ method: 'POST', url: '/jobs/replay', payload: { prefix: 'datasource/october/', tickMs: 0, maxObjects: 1 } });
    expect(first.statusCode).toBe(202);
    expect(await waitForJob(first.json().id)).toMatchObject({ status: 'paused', result: { copied: 1, totalCopied: 1 } });

    await gateway.close(); // the restart
    await start();

    const second = await gateway.app.inject({ method: 'POST', url: '/jobs/replay', payload: { prefix: 'datasource/october/', tickMs: 0 } });
    expect(await waitForJob(second.json().id)).toMatchObject({ status: 'finished', result: { copied: 1, totalCopied: 2 } });

    const replayed = ['bronze/replay/datasource/october/part-00001.ndjson.gz', 'bronze/replay/datasource/october/part-00002.ndjson.gz'];
    expect(await listKeys(lake, 'bronze', 'bronze/replay/')).toEqual(replayed);
    for (const key of replayed) {
      const announced = itemAt(await notifications.forKey(key), 0);
      expect(announced.eTag).toBe((await lake.head({ bucket: 'bronze', key })).eTag);
    }
    // Once each: give a duplicate a moment to show up before counting.
    await notifications.forKey(itemAt(replayed, 1), 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(notifications.received.filter((object) => replayed.includes(object.key)).map((object) => object.key)).toEqual(replayed);
  }, 40_000);

  it('reconciles: announces again the bronze object the processor has no record of', async () => {
    const dataSource = gateway.app.get<DataSource>(PLATFORM_DATA_SOURCE);
    const [done, lost] = ['bronze/replay/datasource/october/part-00001.ndjson.gz', 'bronze/replay/datasource/october/part-00002.ndjson.gz'];
    await new OfflineEventStore(dataSource).markProcessed({ bucket: 'bronze', key: done, eTag: (await lake.head({ bucket: 'bronze', key: done })).eTag }, 50_000, 0);
    const started = await gateway.app.inject({ method: 'POST', url: '/jobs/reconcile', payload: { prefix: 'bronze/replay/' } });
    expect(started.statusCode).toBe(202);
    expect(await waitForJob(started.json().id)).toMatchObject({ status: 'finished', result: { scanned: 2, processed: 1, announced: 1, keys: [lost] } });
    expect(await notifications.forKey(lost, 2)).toHaveLength(2);
    expect(notifications.received.filter((object) => object.key === done)).toHaveLength(1);
  }, 30_000);

  it('keeps jobs in PostgreSQL: a bulk load stopped by a restart is resumed from its last written part, without duplicates, and GET /jobs/:id answers after the restart', async () => {
    const started = await gateway.app.inject({ method: 'POST', url: '/bulk-loads', payload: { path: OCTOBER, loadId: 'resumed', chunkEvents: 5000 } });
    expect(started.statusCode).toBe(202);
    const id = started.json().id as string;
    await waitUntilJob(id, (job) => ((job['progress'] as { chunks?: number } | undefined)?.chunks ?? 0) >= 3, 30_000);

    await gateway.close(); // the restart: the load stops, saved as interrupted
    const stopped = await (await openStore()).query('SELECT kind, status FROM ingest_jobs WHERE id = $1', [id]);
    expect(stopped).toEqual([{ kind: 'bulk-load', status: 'interrupted' }]);
    await start();

    const job = await waitForJob(id, 60_000);
    expect(job).toMatchObject({ id, kind: 'bulk-load', status: 'finished', result: { rows: 100_000, loaded: 100_000, chunks: 20 } });
    const { result } = job as { result: { resumedAfterPart: number; objects: string[] } };
    expect(result.resumedAfterPart).toBeGreaterThanOrEqual(3);
    const parts = (await listKeys(lake, 'datasource', 'datasource/resumed/')).filter((key) => key.includes('/part-'));
    expect(parts).toEqual(Array.from({ length: 20 }, (_, i) => `datasource/resumed/part-${String(i + 1).padStart(5, '0')}.ndjson.gz`));
    expect(result.objects).toEqual(parts);
    const rows = (await Promise.all(parts.map((key) => readGzipNdjson(lake, 'datasource', key)))).flat();
    expect(rows).toHaveLength(100_000);
    expect(rows[0]).toEqual({ ...REES46_NORMALISED[0] });
    expect(rows[5000]).not.toEqual(rows[0]);
  }, 120_000);

  async function openStore(): Promise<DataSource> {
    const dataSource = await openPlatformDataSource(gatewayConfigDatabase(), [INGEST_SCHEMA]);
    opened.push(dataSource);
    return dataSource;
  }

  function gatewayConfigDatabase() {
    return gateway.config.database;
  }

  async function waitUntilJob(id: string, done: (job: Record<string, unknown>) => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = (await gateway.app.inject({ method: 'GET', url: `/jobs/${id}` })).json();
      if (done(job)) return;
      if (job.status !== 'running') throw new Error(`job ${id} ended before the condition held: ${JSON.stringify(job)}`);
      if (Date.now() > deadline) throw new Error(`job ${id}: condition not met within ${timeoutMs} ms: ${JSON.stringify(job)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async function waitForJob(id: string, timeoutMs = 15_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = (await gateway.app.inject({ method: 'GET', url: `/jobs/${id}` })).json();
      if (job.status !== 'running') return job;
      if (Date.now() > deadline) throw new Error(`job ${id} still running after ${timeoutMs} ms: ${JSON.stringify(job)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
});
