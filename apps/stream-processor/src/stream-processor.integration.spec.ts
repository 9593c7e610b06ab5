import { itemAt } from '@platform/common';
import { openPlatformDataSource } from '@platform/database';
import { entityKeysFor, FeatureRecord, snapshot } from '@platform/features';
import { OFFLINE_STORE_SCHEMA, OfflineEventStore } from '@platform/offline-store';
import { ServiceProcess, waitUntil } from '@platform/testing';
import { gzipSync } from 'node:zlib';
import { offlineFeatures } from './testing/feature-parity';
import {
  closeProcessorRun as closeRun,
  countRows as count,
  DeadLetterReader,
  openProcessorRun as openRun,
  ProcessorRun as Run,
  startProcessor,
  waitProcessed,
  writeAndAnnounce,
} from './testing/processor-run';
import { dumpFeatureHashes } from './testing/redis-dump';
import { SimulatedObject, simulatedObjects } from './testing/simulated-objects';

/**
 * DESIGN.md sections 4-6 against the real servers: the stream-processor app runs as real processes
 * (Kafka consumer group, S3 server, Redis, PostgreSQL), fed by simulated objects announced on Kafka.
 */
jest.setTimeout(240_000);

const OBJECTS = simulatedObjects(100_000, 5_000, 7);
const SESSION = '26dd6e6e-4dac-4778-8d2c-92e149dab885';
const goodLine = (second: number) =>
  JSON.stringify({
    event_time: `2019-11-01 00:00:${String(second).padStart(2, '0')} UTC`,
    event_type: 'view',
    product_id: '44600062',
    category_id: '2103807459595387724',
    category_code: '',
    brand: 'shiseido',
    price: '35.79',
    user_id: '541312140',
    user_session: SESSION,
  });
const MALFORMED: SimulatedObject = (() => {
  const lines = [goodLine(1), '{"event_time": "2019-11-01 00:00:02 UTC", oops', goodLine(3), goodLine(4).replace('"35.79"', '"-3"'), goodLine(5), goodLine(6).replace('"view"', '"wishlist"')];
  return { key: 'bronze/events/dt=2019-11-01/hour=00/malformed.ndjson.gz', body: gzipSync(lines.join('\n') + '\n'), lines };
})();

describe('stream-processor against Kafka, S3, Redis and PostgreSQL', () => {
  let reference: Map<string, Record<string, string>>;
  let referenceRows: number;

  describe('one replica, uninterrupted', () => {
    let run: Run;
    let processor: ServiceProcess;

    beforeAll(async () => {
      run = await openRun('one');
      processor = await startProcessor(run);
      for (const object of OBJECTS) await writeAndAnnounce(run, object);
      await writeAndAnnounce(run, itemAt(OBJECTS, 0)); // the same object announced twice
      await writeAndAnnounce(run, MALFORMED);
      await waitProcessed(run, OBJECTS.length + 1);
      reference = await dumpFeatureHashes(run.redis, run.namespace.redisKeyPrefix);
      referenceRows = await count(run, 'clean_events');
    });

    afterAll(async () => {
      await processor?.stop();
      if (run) await closeRun(run);
    });

    it('counts an object announced twice once', async () => {
      expect(await count(run, 'processed_objects')).toBe(OBJECTS.length + 1);
      expect(referenceRows).toBe(100_000 + 3); // every simulated event, and the 3 good lines of MALFORMED
      const sessions = [...reference.entries()].filter(([key]) => key.startsWith('session:'));
      const events = sessions.reduce((total, [, hash]) => total + Number(hash['events']), 0);
      expect(events).toBe(100_000 + 3);
    });

    it('applies the good lines of a malformed object and sends exactly the bad ones to the DLQ with reasons', async () => {
      const reader = await new DeadLetterReader(run).start();
      let letters;
      try {
        letters = await reader.until('3 dead letters', (items) => items.length >= 3, 30_000);
      } finally {
        await reader.stop();
      }
      expect(letters.map((letter) => [letter.source.key, letter.line, letter.rule]).sort()).toEqual([
        [MALFORMED.key, 2, 'json'],
        [MALFORMED.key, 4, 'non_negative'],
        [MALFORMED.key, 6, 'event_type'],
      ]);
      expect(letters.every((letter) => letter.reason.length > 10)).toBe(true);
      expect(reference.get(`session:${SESSION}`)).toMatchObject({ events: '3', views: '3' });
    });

    it('reports events, objects, dead letters, freshness and consumer lag on /metrics', async () => {
      const scrape = async () => (await fetch(`${processor.url}/metrics`)).text();
      const value = (text: string, series: string) => Number(new RegExp(`^${series.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);
      const metrics = await waitUntil('consumer lag 0', scrape, (text) => value(text, 'stream_processor_consumer_lag_messages') === 0, 30_000);
      expect(value(metrics, 'stream_processor_events_total{outcome="applied"}')).toBe(100_003);
      expect(value(metrics, 'stream_processor_events_total{outcome="rejected"}')).toBe(3);
      expect(value(metrics, 'stream_processor_objects_total{outcome="processed"}')).toBe(OBJECTS.length + 1);
      expect(value(metrics, 'stream_processor_objects_total{outcome="duplicate"}')).toBe(1);
      expect(value(metrics, 'stream_processor_dead_letters_total')).toBe(3);
      expect(value(metrics, 'stream_processor_object_processing_seconds_count')).toBe(OBJECTS.length + 2);
      // The simulated events are from 2019: their features are years old.
      expect(value(metrics, 'stream_processor_feature_freshness_seconds')).toBeGreaterThan(365 * 24 * 3600);
    });

    it('serves, for every (user, product, session), the vector the offline replay computes (100k events)', async () => {
      const dataSource = await openPlatformDataSource({ kind: 'postgres', url: run.namespace.databaseUrl }, [OFFLINE_STORE_SCHEMA]);
      const replay = await offlineFeatures(new OfflineEventStore(dataSource));
      await dataSource.destroy();

      const triples = [...replay.keys()].filter((key) => /^user:[^:]+:product:/.test(key));
      expect(triples.length).toBeGreaterThan(20_000);
      const asRecord = (hash: Record<string, string> | undefined): FeatureRecord | null => (hash && Object.keys(hash).length > 0 ? hash : null);
      let compared = 0;
      for (const tripleKey of triples) {
        const [, user, , product, , session] = tripleKey.split(':');
        if (user === undefined || product === undefined || session === undefined) throw new Error(`${tripleKey} is not a triple key (user:<id>:product:<id>:session:<id>)`);
        const keys = entityKeysFor(user, product, session);
        const offlineVector = snapshot({ triple: replay.read(keys.triple), session: replay.read(keys.session), user: replay.read(keys.user), product: replay.read(keys.product) });
        const onlineVector = snapshot({
          triple: asRecord(reference.get(keys.triple)),
          session: asRecord(reference.get(keys.session)),
          user: asRecord(reference.get(keys.user)),
          product: asRecord(reference.get(keys.product)),
        });
        expect(onlineVector).toEqual(offlineVector);
        compared++;
      }
      expect(compared).toBe(triples.length);
    });
  });

  describe('killed with SIGKILL in the middle and restarted', () => {
    let run: Run;

    beforeAll(async () => {
      run = await openRun('kill');
    });

    afterAll(async () => {
      if (run) await closeRun(run);
    });

    it('ends with the same Redis and PostgreSQL state as the uninterrupted run', async () => {
      const first = await startProcessor(run);
      for (const object of [...OBJECTS, MALFORMED]) await writeAndAnnounce(run, object);
      await waitUntil('a few processed objects', () => count(run, 'processed_objects'), (n) => n >= 3, 120_000);
      const killed = await first.stop('SIGKILL');
      expect(killed.signal).toBe('SIGKILL');
      const processedAtKill = await count(run, 'processed_objects');
      expect(processedAtKill).toBeLessThan(OBJECTS.length + 1);

      const second = await startProcessor(run);
      try {
        await waitProcessed(run, OBJECTS.length + 1);
      } finally {
        await second.stop();
      }
      expect(await count(run, 'clean_events')).toBe(referenceRows);
      expect(await dumpFeatureHashes(run.redis, run.namespace.redisKeyPrefix)).toEqual(reference);
    });
  });

  describe('two replicas in one consumer group', () => {
    let run: Run;

    beforeAll(async () => {
      run = await openRun('two');
    });

    afterAll(async () => {
      if (run) await closeRun(run);
    });

    it('share the objects and end with the same state as one replica', async () => {
      const replicas = await Promise.all([startProcessor(run), startProcessor(run)]);
      try {
        for (const object of [...OBJECTS, MALFORMED]) await writeAndAnnounce(run, object);
        await waitProcessed(run, OBJECTS.length + 1);
      } finally {
        await Promise.all(replicas.map((replica) => replica.stop()));
      }
      expect(await count(run, 'clean_events')).toBe(referenceRows);
      expect(await dumpFeatureHashes(run.redis, run.namespace.redisKeyPrefix)).toEqual(reference);
    });
  });
});
