import { deleteKeysWithPrefix, ServiceProcess, waitUntil } from '@platform/testing';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { getJob, JobView, OBJECTS, pointerOf, postMaterialize, ROWS } from './testing/materialize-run';
import { closeProcessorRun, openProcessorRun, ProcessorRun, startProcessor, waitProcessed, writeAndAnnounce } from './testing/processor-run';
import { dumpFeatureHashes } from './testing/redis-dump';

/**
 * Materialize (DESIGN.md sections 6 and 13) on the real servers: the online store rebuilt from
 * PostgreSQL into a new key-space generation by the stream-processor app's `POST /jobs/materialize`.
 */
jest.setTimeout(1_200_000);

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

    it('materializes again from the CLI (npx nx run stream-processor:materialize) with progress, into the next generation', async () => {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', 'libs/feature-pipeline/src/cli/main.ts', 'materialize'], {
        cwd: join(__dirname, '../../..'),
        env: { PATH: process.env['PATH'], SWC_NODE_PROJECT: 'tsconfig.base.json', ...run.namespace.env },
        maxBuffer: 16 << 20,
      });
      expect(stderr).toMatch(/events\/s, [\d,]+ keys\/s, ETA [\d,]+ s/);
      expect(JSON.parse(stdout.trimEnd().split('\n').at(-1) ?? '')).toMatchObject({ status: 'done', generation: 2, previousGeneration: 1, events: ROWS.length });
      expect(await dumpFeatureHashes(run.redis, `${run.namespace.redisKeyPrefix}g2:`)).toEqual(before);
      expect((await dumpFeatureHashes(run.redis, `${run.namespace.redisKeyPrefix}g1:`)).size).toBe(0);
      expect(await pointerOf(run)).toMatchObject({ current: '2' });
    });

    it('refuses a bad range with a 400 naming the field', async () => {
      const answer = await fetch(`${processor.url}/jobs/materialize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"since":"yesterday-ish"}' });
      expect(answer.status).toBe(400);
      expect(((await answer.json()) as { message: string }).message).toMatch(/^since: "yesterday-ish" is not a time: give an ISO date/);
      expect((await fetch(`${processor.url}/jobs/no-such-job`)).status).toBe(404);
    });
  });
});
