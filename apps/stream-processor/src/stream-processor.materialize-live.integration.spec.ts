import { openPlatformDataSource } from '@platform/database';
import { OFFLINE_STORE_SCHEMA, OfflineEventStore } from '@platform/offline-store';
import { ServiceProcess, waitUntil } from '@platform/testing';
import { featureDifferences, offlineFeatures } from './testing/feature-parity';
import { getJob, JobView, OBJECTS, pointerOf, postMaterialize, ROWS } from './testing/materialize-run';
import { closeProcessorRun, countRows, openProcessorRun, ProcessorRun, startProcessor, waitProcessed, writeAndAnnounce } from './testing/processor-run';
import { dumpFeatureHashes } from './testing/redis-dump';

/**
 * Materialize (DESIGN.md sections 6 and 13) while the live stream runs, on the real servers: two
 * stream-processor replicas, the one running the job killed by SIGKILL once and restarted.
 */
jest.setTimeout(1_200_000);

/** 120k of the real rows in 12 objects: half settled before the job starts, half streamed in while it runs. */
const LIVE = OBJECTS.slice(0, 12);
const LIVE_ROWS = ROWS.slice(0, LIVE.length * 10_000);

describe('materialize while objects stream in', () => {
  describe('with the processor running the job killed by SIGKILL once', () => {
    let run: ProcessorRun;
    const replicas: ServiceProcess[] = [];
    let job: JobView;
    let atKill: JobView;
    const start = async () => {
      const replica = await startProcessor(run);
      replicas.push(replica);
      return replica;
    };

    beforeAll(async () => {
      run = await openProcessorRun('materialize-live');
      const [runner, other] = await Promise.all([start(), start()]);
      const [early, late] = [LIVE.slice(0, 6), LIVE.slice(6)];
      for (const object of early) await writeAndAnnounce(run, object, 'application/gzip');
      await waitProcessed(run, early.length, 900_000);
      const started = await postMaterialize(runner);
      // The live stream keeps going: the second half is announced while the job folds the first.
      for (const object of late.slice(0, 3)) await writeAndAnnounce(run, object, 'application/gzip');
      atKill = await waitUntil('the job folding objects', () => getJob(other, started.id), (view) => view.objects >= 2, 600_000);
      await runner.stop('SIGKILL');
      for (const object of late.slice(3)) await writeAndAnnounce(run, object, 'application/gzip');
      const restarted = await start();
      // The killed job's lease runs out, then the next POST resumes it from its checkpoint.
      job = await waitUntil(
        'the resumed job done',
        async () => {
          const view = await getJob(restarted, started.id);
          // Not done: POST resumes it once its lease ran out (a POST after it is done would start another).
          if (view.status !== 'done' && view.status !== 'failed') await postMaterialize(restarted);
          return view;
        },
        (view) => view.id === started.id && (view.status === 'done' || view.status === 'failed'),
        900_000,
      );
      await waitProcessed(run, LIVE.length, 900_000);
    });

    afterAll(async () => {
      await Promise.all(replicas.map((replica) => replica.stop('SIGKILL')));
      if (run) await closeProcessorRun(run);
    });

    it('was killed before the job ended and resumed to the end', () => {
      expect(atKill.status).not.toBe('done'); // folding, or deleting the old generation: either resumes
      expect(atKill.objects).toBeLessThan(LIVE.length);
      expect(job).toMatchObject({ status: 'done', generation: 1 });
    });

    it("ends with exactly an uninterrupted run's features in the generation readers use", async () => {
      expect(await countRows(run, 'processed_objects', "status = 'processed'")).toBe(LIVE.length);
      expect(await pointerOf(run)).toMatchObject({ current: '1' });
      const dataSource = await openPlatformDataSource({ kind: 'postgres', url: run.namespace.databaseUrl }, [OFFLINE_STORE_SCHEMA]);
      try {
        const online = await dumpFeatureHashes(run.redis, `${run.namespace.redisKeyPrefix}g1:`);
        expect(featureDifferences(online, await offlineFeatures(new OfflineEventStore(dataSource)))).toEqual([]);
        const sessions = [...online.entries()].filter(([key]) => key.startsWith('session:'));
        expect(sessions.reduce((total, [, hash]) => total + Number(hash['events']), 0)).toBe(LIVE_ROWS.length);
      } finally {
        await dataSource.destroy();
      }
    });
  });
});
