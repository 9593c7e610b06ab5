import { openPlatformDataSource } from '@platform/database';
import { DEFAULT_FEATURE_TTL } from '@platform/features';
import { OFFLINE_STORE_SCHEMA, OfflineEventStore } from '@platform/offline-store';
import { createOnlineFeatureStore, GenerationalOnlineFeatureStore } from '@platform/redis-feature-store';
import { createLake, Lake } from '@platform/s3-lake';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataSource } from 'typeorm';
import { RecordingDeadLetterSink } from '../../testing/recording-dead-letter-sink';
import { LakeObjectProcessor } from '../lake-object-processor';
import { ObjectLetters } from '../object-letters';
import { GenerationCatchUp } from './generation-catch-up';
import { MaterializeJobRepository } from './materialize-job.repository';
import { MaterializeJobs } from './materialize-job.service';
import { MATERIALIZE_SCHEMA } from './materialize.schema';

const line = (second: number, user: number, product: number, day = '01') =>
  JSON.stringify({
    event_time: `2019-11-${day} 00:${String(Math.floor(second / 60)).padStart(2, '0')}:${String(second % 60).padStart(2, '0')} UTC`,
    event_type: second % 5 === 0 ? 'cart' : 'view',
    product_id: String(100 + product),
    category_id: '2053013555631882655',
    category_code: 'electronics.smartphone',
    brand: 'apple',
    price: '10.5',
    user_id: String(512345600 + user),
    user_session: `26dd6e6e-4dac-4778-8d2c-92e149dab88${user}`,
  });
const KEYS = [0, 1, 2].flatMap((user) => [`user:${512345600 + user}`, `session:26dd6e6e-4dac-4778-8d2c-92e149dab88${user}`, ...[0, 1, 2, 3].map((p) => `product:${100 + p}`)]);

/** The job and the processors' catch-up on the embedded adapters (file lake, SQLite, memory store). */
describe('materialize on the embedded adapters', () => {
  let dir: string;
  let lake: Lake;
  let dataSource: DataSource;
  let offline: OfflineEventStore;
  let online: GenerationalOnlineFeatureStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'materialize-'));
    lake = createLake({ kind: 'file', root: join(dir, 'lake') });
    await lake.ensureBuckets();
    dataSource = await openPlatformDataSource({ kind: 'sqlite', file: join(dir, 'platform.db') }, [OFFLINE_STORE_SCHEMA, MATERIALIZE_SCHEMA]);
    offline = new OfflineEventStore(dataSource);
    online = createOnlineFeatureStore({ kind: 'memory', shared: false }, { pointerCacheMs: 0 });
  });

  afterEach(async () => {
    await dataSource.destroy();
    await lake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const processorOn = (store: GenerationalOnlineFeatureStore) =>
    new LakeObjectProcessor(lake, store, offline, { maxInflatedBytes: 64 << 20, catchUp: new GenerationCatchUp(online, offline, DEFAULT_FEATURE_TTL) });
  const processObject = async (processor: LakeObjectProcessor, n: number, day = '01') => {
    const key = `bronze/events/dt=2019-11-${day}/hour=00/${n}.ndjson.gz`;
    const lines = Array.from({ length: 40 }, (_, i) => line(n * 40 + i, i % 3, i % 4, day));
    const { eTag, size } = await lake.put({ bucket: 'bronze', key, body: gzipSync(lines.join('\n') + '\n') });
    await processor.process({ bucket: 'bronze', key, eTag, size }, { letters: new ObjectLetters(new RecordingDeadLetterSink()) });
  };

  it('rebuilds a new generation equal to the live one, switches readers and deletes the old one', async () => {
    const processor = processorOn(online);
    for (let n = 0; n < 3; n++) await processObject(processor, n);
    const live = await online.readMany(KEYS);
    const progress: number[] = [];
    const jobs = new MaterializeJobs(new MaterializeJobRepository(dataSource), offline, online);
    const done = await jobs.runToEnd({}, (view) => progress.push(view.events));
    expect(done).toMatchObject({ status: 'done', generation: 1, previousGeneration: 0, objects: 3, events: 120 });
    expect(progress.at(-1)).toBe(120);
    expect(await online.generationState()).toEqual({ current: 1, building: null });
    expect(await online.readMany(KEYS)).toEqual(live);
    expect(await online.storeOf(0).readMany(KEYS)).toEqual(KEYS.map(() => null));
    expect(await jobs.find(done.id)).toMatchObject({ status: 'done' });
  });

  it('folds only the events of its range (--since, --until), then everything, each into a generation of its own', async () => {
    const processor = processorOn(online);
    await processObject(processor, 0, '01');
    await processObject(processor, 1, '04'); // three days later, same users, products and sessions
    await processObject(processor, 2, '04');
    const jobs = new MaterializeJobs(new MaterializeJobRepository(dataSource), offline, online);
    expect(await jobs.runToEnd({ untilMs: Date.UTC(2019, 10, 2) })).toMatchObject({ status: 'done', events: 40 });
    // Only the first day was folded, and the horizon is its own newest event: nothing expired.
    expect((await online.readMany(KEYS)).filter((record) => record !== null)).toHaveLength(KEYS.length);
    const again = await jobs.runToEnd({ sinceMs: Date.UTC(2019, 10, 1), untilMs: Date.UTC(2019, 10, 1, 0, 1) });
    expect(again).toMatchObject({ status: 'done', generation: 2, events: 40 });
    const all = await jobs.runToEnd({});
    expect(all).toMatchObject({ status: 'done', generation: 3, events: 120 });
    // Day 4's events are in every key; nothing of day 1 was more than a TTL before them in users and products.
    const records = await online.readMany(KEYS);
    expect(records.every((record) => record !== null)).toBe(true);
    const sessions = records.filter((_, i) => (KEYS[i] ?? '').startsWith('session:'));
    // A session seen on day 1 and again on day 4 started afresh (event-time TTL): only day 4 counts.
    expect(sessions.reduce((sum, record) => sum + Number(record?.['events'] ?? 0), 0)).toBe(80);
  });

  it('drops a key whose newest event is a TTL before the horizon', async () => {
    const processor = processorOn(online);
    await processObject(processor, 0, '01');
    const lonely = JSON.stringify({ ...JSON.parse(line(0, 9, 9, '04')), user_session: 'aaaaaaaa-4dac-4778-8d2c-92e149dab880', user_id: '512345999' });
    const { eTag, size } = await lake.put({ bucket: 'bronze', key: 'bronze/late.ndjson.gz', body: gzipSync(`${lonely}\n`) });
    await processor.process({ bucket: 'bronze', key: 'bronze/late.ndjson.gz', eTag, size }, { letters: new ObjectLetters(new RecordingDeadLetterSink()) });
    const jobs = new MaterializeJobs(new MaterializeJobRepository(dataSource), offline, online);
    expect(await jobs.runToEnd({})).toMatchObject({ status: 'done', events: 41 });
    const records = await online.readMany(KEYS);
    // Day 1's sessions and triples ran out 2 days before day 4's event; users and products (90 days) did not.
    expect(records.filter((_, i) => (KEYS[i] ?? '').startsWith('session:'))).toEqual([null, null, null]);
    expect(records.filter((_, i) => (KEYS[i] ?? '').startsWith('user:')).every((record) => record !== null)).toBe(true);
    expect(await online.storeOf(0).readMany(KEYS.filter((key) => key.startsWith('session:')))).toEqual([null, null, null]); // old generation deleted
    expect(await online.readMany(['session:aaaaaaaa-4dac-4778-8d2c-92e149dab880'])).not.toEqual([null]);
  });

  it('folds an object into the generation being built when its chunks read the pointer before building began', async () => {
    const processor = processorOn(online);
    await processObject(processor, 0);
    // A replica whose cached pointer predates the build: its chunks go to generation 0 only.
    const staleOnline = Object.assign(Object.create(Object.getPrototypeOf(online) as object) as GenerationalOnlineFeatureStore, online);
    Object.defineProperty(staleOnline, 'pointerCacheMs', { value: 60_000 });
    await staleOnline.generationState(); // caches {current 0, building null}
    await online.beginBuilding();
    await processObject(processorOn(staleOnline), 1);
    // Object 0 (settled before the build began) is the job's; object 1, settled after, the processor's.
    const sessionEvents = async (generation: number) =>
      (await online.storeOf(generation).readMany(KEYS.filter((key) => key.startsWith('session:')))).reduce((sum, record) => sum + Number(record?.['events'] ?? 0), 0);
    expect(await sessionEvents(0)).toBe(80);
    expect(await sessionEvents(1)).toBe(40);
  });
});
