import { openPlatformDataSource } from '@platform/database';
import { OFFLINE_STORE_SCHEMA, OfflineEventStore } from '@platform/offline-store';
import { deleteKeysWithPrefix, REES46_FILES, rees46Lines, ServiceProcess, waitUntil } from '@platform/testing';
import { gzipSync } from 'node:zlib';
import { featureDifferences, offlineFeatures } from './testing/feature-parity';
import { closeProcessorRun, countRows, openProcessorRun, ProcessorRun, startProcessor, waitProcessed, writeAndAnnounce } from './testing/processor-run';
import { dumpFeatureHashes } from './testing/redis-dump';

/**
 * Materialize (DESIGN.md sections 6 and 13) on the real servers: the online store rebuilt from
 * PostgreSQL into a new key-space generation by the stream-processor app's `POST /jobs/materialize`.
 */
jest.setTimeout(1_200_000);

const ROWS_PER_OBJECT = 10_000;
const [HEADER = '', ...ROWS] = rees46Lines(REES46_FILES.november);
/** The 300k real rows as 30 gzip CSV objects. */
const OBJECTS = Array.from({ length: Math.ceil(ROWS.length / ROWS_PER_OBJECT) }, (_, n) => ({
  key: `bronze/materialize/part-${String(n).padStart(2, '0')}.csv.gz`,
  body: gzipSync(`${[HEADER, ...ROWS.slice(n * ROWS_PER_OBJECT, (n + 1) * ROWS_PER_OBJECT)].join('\n')}\n`),
}));

interface JobView {
  id: string;
  status: string;
  generation: number;
  objects: number;
  events: number;
  keysWritten: number;
}

async function postMaterialize(processor: ServiceProcess, body: object = {}): Promise<JobView> {
  const answer = await fetch(`${processor.url}/jobs/materialize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (answer.status !== 202) throw new Error(`POST /jobs/materialize answered ${answer.status}: ${await answer.text()}`);
  return (await answer.json()) as JobView;
}

async function getJob(processor: ServiceProcess, id: string): Promise<JobView> {
  return (await (await fetch(`${processor.url}/jobs/${id}`)).json()) as JobView;
}

const pointerOf = async (run: ProcessorRun) => run.redis.hgetall(`${run.namespace.redisKeyPrefix}generation`);

describe('materialize: the online store rebuilt from the offline store', () => {
  describe('after Redis lost the namespace (300k real rows)', () => {
    let run: ProcessorRun;
    let processor: ServiceProcess;
    let before: Map<string, Record<string, string>>;
    let job: JobView;

    beforeAll(async () => {
      run = await openProcessorRun('materialize');
      processor = await startProcessor(run);
      for (const object of OBJECTS) await writeAndAnnounce(run, object, 'application/gzip');
      await waitProcessed(run, OBJECTS.length, 900_000);
      before = await dumpFeatureHashes(run.redis, run.namespace.redisKeyPrefix);
      await deleteKeysWithPrefix(run.redis, run.namespace.redisKeyPrefix); // a flush of the namespace
      const started = await postMaterialize(processor);
      job = await waitUntil('the materialize job done', () => getJob(processor, started.id), (view) => view.status === 'done' || view.status === 'failed', 900_000);
    });

    afterAll(async () => {
      await processor?.stop();
      if (run) await closeProcessorRun(run);
    });

    it('rebuilds every Redis hash exactly as it was before', async () => {
      expect(job).toMatchObject({ status: 'done', generation: 1, objects: OBJECTS.length, events: ROWS.length });
      expect(before.size).toBeGreaterThan(100_000);
      const after = await dumpFeatureHashes(run.redis, `${run.namespace.redisKeyPrefix}g1:`);
      expect(after.size).toBe(before.size);
      expect(after).toEqual(before);
    });

    it('switches readers to the new generation and leaves no key of the old one', async () => {
      expect(await pointerOf(run)).toMatchObject({ current: '1' });
      expect((await pointerOf(run))['building']).toBeUndefined();
      expect((await dumpFeatureHashes(run.redis, run.namespace.redisKeyPrefix)).size).toBe(0);
    });

    it('refuses a bad range with a 400 naming the field', async () => {
      const answer = await fetch(`${processor.url}/jobs/materialize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"since":"yesterday-ish"}' });
      expect(answer.status).toBe(400);
      expect(await answer.text()).toMatch(/since: "yesterday-ish" is not a time/);
      expect((await fetch(`${processor.url}/jobs/no-such-job`)).status).toBe(404);
    });
  });
});
