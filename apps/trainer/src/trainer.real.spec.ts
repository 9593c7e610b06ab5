import { openPlatformDataSource } from '@platform/database';
import { REGISTRY_SCHEMA, RegistryService } from '@platform/model-registry';
import { OFFLINE_STORE_SCHEMA, OfflineEventStore } from '@platform/offline-store';
import { createLake, Lake } from '@platform/s3-lake';
import { createServicesNamespace, ServicesNamespace, ServiceProcess, startServiceProcess, waitUntil } from '@platform/testing';
import { Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { loadThroughPipeline, REES46_NOVEMBER_HEAD } from './testing/load-through-pipeline';

jest.setTimeout(30 * 60_000);

const MODEL = 'purchase-propensity';

interface RunView {
  id: string;
  status: string;
  tags: Record<string, string>;
  latestMetrics: Record<string, number>;
  metrics?: Record<string, { step: number; value: number }[]>;
  children?: { id: string; name: string; kind: string; status: string; tags: Record<string, string> }[];
}

/**
 * The trainer app as a real process on the real servers (PostgreSQL, the S3 server, Kafka), over
 * a real socket, trained on the real REES46 rows loaded through the stream processor's pipeline.
 */
describe('trainer on the real servers, trained on real REES46 rows', () => {
  let namespace: ServicesNamespace;
  let trainer: ServiceProcess;
  let lake: Lake;
  let dataSource: DataSource;
  let registry: RegistryService;
  let kafka: Kafka;
  let producer: Producer;
  let consumer: Consumer;
  const promoted: { version: number; alias: string; artifactUri: string }[] = [];

  const http = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${trainer.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & unknown[] };
  };
  const finished = (runId: string) =>
    waitUntil(
      `training ${runId} to end`,
      async () => (await http('GET', `/runs/${runId}`)).body as unknown as RunView,
      (run) => run.status !== 'RUNNING',
      20 * 60_000,
    );

  beforeAll(async () => {
    namespace = await createServicesNamespace('trainer');
    const { env, services } = namespace;
    lake = createLake(
      { kind: 's3', endpoint: services.S3_ENDPOINT, region: services.S3_REGION, accessKeyId: services.S3_ACCESS_KEY, secretAccessKey: services.S3_SECRET_KEY },
      { bucketPrefix: namespace.bucketPrefix },
    );
    await lake.ensureBuckets();
    dataSource = await openPlatformDataSource({ kind: 'postgres', url: namespace.databaseUrl }, [REGISTRY_SCHEMA, OFFLINE_STORE_SCHEMA]);
    registry = new RegistryService(dataSource);
    const { outcome } = await loadThroughPipeline(lake, new OfflineEventStore(dataSource), REES46_NOVEMBER_HEAD);
    expect(outcome).toMatchObject({ status: 'processed', events: 300_000, rejected: 0 });

    trainer = await startServiceProcess('apps/trainer/src/main.ts', env);
    kafka = new Kafka({ clientId: 'trainer-test', brokers: services.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    await producer.connect();
    consumer = kafka.consumer({ groupId: `${namespace.id}-promoted-reader` });
    await consumer.connect();
    await consumer.subscribe({ topic: `${namespace.topicPrefix}model.promoted`, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void promoted.push(JSON.parse(String(message.value))) });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    await trainer?.stop();
    await dataSource?.destroy();
    await lake?.close();
    await namespace?.drop();
  });

  it('answers 400 naming the field for a bad request, 404 for an unknown run, and serves its OpenAPI at /docs', async () => {
    expect(await http('POST', '/train', { trials: 'many' })).toMatchObject({ status: 400, body: { code: 'INVALID_TRAINING_REQUEST', field: 'trials' } });
    expect(await http('POST', '/train', { exampleMode: 'wishlist' })).toMatchObject({ status: 400, body: { field: 'exampleMode' } });
    expect(await http('POST', '/train', { from: '2019-11-02T00:00:00Z', to: '2019-11-01T00:00:00Z' })).toMatchObject({ status: 400, body: { field: 'to' } });
    expect(await http('GET', '/runs/no-such-run')).toMatchObject({ status: 404 });
    expect((await fetch(`${trainer.url}/docs`)).status).toBe(200);
    expect(Object.keys((await http('GET', '/docs-json')).body['paths'] as object)).toEqual(
      expect.arrayContaining(['/train', '/runs', '/runs/{id}', '/models', '/models/{name}/versions', '/models/{name}/aliases']),
    );
  });

  it('answers 422 saying how to load data when the range holds no clean event', async () => {
    const { status, body } = await http('POST', '/train', { from: '2020-01-01T00:00:00Z' });
    expect(status).toBe(422);
    expect(body).toMatchObject({ code: 'NO_CLEAN_EVENTS', message: expect.stringMatching(/load events first.*bulk-load/) });
  });

  describe('a training started over REST', () => {
    let run: RunView;

    beforeAll(async () => {
      const started = await http('POST', '/train', { trials: 10, parallel: 2, maxRounds: 200, seed: 42 });
      expect(started).toMatchObject({ status: 202, body: { model: MODEL, status: 'RUNNING' } });
      expect(await http('POST', '/train', {})).toMatchObject({ status: 409, body: { code: 'TRAINING_IN_PROGRESS' } });
      run = await finished(started.body['runId'] as string);
    });

    it('makes a champion with test ROC-AUC of 0.78 or more on the 70/15/15 time split of the real rows', async () => {
      expect(run).toMatchObject({ status: 'FINISHED', tags: { 'model.version': '1', 'promotion.decision': 'promoted' } });
      const champion = await registry.resolve(`${MODEL}@champion`);
      expect(champion.version).toBe(1);
      expect(champion.metrics['roc_auc']).toBeGreaterThanOrEqual(0.78);
      expect(run.latestMetrics['examples_train']).toBeGreaterThan(130_000);
    });

    it('records every trial with its validation AUC per round, and the final fit with its test metrics', async () => {
      const trials = run.children?.filter((child) => child.kind === 'trial') ?? [];
      expect(trials).toHaveLength(10);
      expect(trials.every((trial) => trial.status === 'FINISHED')).toBe(true);
      const detail = (await http('GET', `/runs/${trials[0]?.id}`)).body as unknown as RunView;
      expect(detail.metrics?.['valid_auc']?.map((point) => point.step).slice(0, 3)).toEqual([1, 2, 3]);
      const finalFit = run.children?.find((child) => child.kind === 'final-fit');
      const fit = (await http('GET', `/runs/${finalFit?.id}`)).body as unknown as RunView;
      expect(fit.latestMetrics).toMatchObject({ test_roc_auc: expect.any(Number), test_pr_auc: expect.any(Number), test_log_loss: expect.any(Number), test_f1: expect.any(Number) });
      expect(fit.metrics?.['test_calibration_observed']).toHaveLength(10);
    });

    it('writes model.onnx and model.json to the storage bucket, and announces the champion on model.promoted', async () => {
      const versions = (await http('GET', `/models/${MODEL}/versions`)).body as unknown as { version: number; status: string; artifactUri: string }[];
      expect(versions).toEqual([expect.objectContaining({ version: 1, status: 'READY', artifactUri: `s3://storage/models/${MODEL}/1/` })]);
      for (const file of ['model.onnx', 'model.json']) {
        expect((await lake.head({ bucket: 'storage', key: `models/${MODEL}/1/${file}` })).size).toBeGreaterThan(100);
      }
      await waitUntil('model.promoted for v1', async () => promoted.length, (n) => n >= 1);
      expect(promoted[0]).toMatchObject({ model: MODEL, version: 1, alias: 'champion', artifactUri: `s3://storage/models/${MODEL}/1/` });
    });
  });

  describe('a second training asked on trainer.requests that is not better', () => {
    it('registers v2 and leaves v1 champion, with the comparison in the run', async () => {
      await producer.send({
        topic: `${namespace.topicPrefix}trainer.requests`,
        messages: [{ key: 'second', value: JSON.stringify({ schemaVersion: 1, command: 'train', requestId: 'second', params: { trials: 1, maxRounds: 10 } }) }],
      });
      const started = await waitUntil(
        'the training asked on Kafka',
        async () => ((await http('GET', '/runs')).body as unknown as RunView[]).find((candidate) => candidate.tags['request_id'] === 'second'),
        (candidate) => candidate !== undefined,
        120_000,
      );
      const run = await finished(started?.id as string);
      expect(run).toMatchObject({ status: 'FINISHED', tags: { origin: 'kafka', 'model.version': '2', 'promotion.decision': 'kept-champion' } });
      expect(run.tags['promotion.reason']).toMatch(/vs champion v1 0\.\d{5} .* on the same \d+ test examples: gain -?0\.\d{5} < PROMOTION_MIN_AUC_GAIN 0\.001/);
      expect((await registry.resolve(`${MODEL}@champion`)).version).toBe(1);
      expect(((await http('GET', `/models/${MODEL}/aliases`)).body as unknown[]).length).toBe(1);
    });
  });

  it('moves the champion by hand and back (a rollback), recording who and why, and announcing each move', async () => {
    expect(await http('POST', `/models/${MODEL}/aliases`, { version: 2 })).toMatchObject({ status: 400, body: { field: 'reason' } });
    expect(await http('POST', `/models/${MODEL}/aliases`, { version: 9, reason: 'try' })).toMatchObject({ status: 404 });
    expect(await http('POST', `/models/${MODEL}/aliases`, { version: 2, reason: 'canary', actor: 'ops' })).toMatchObject({ status: 200, body: { changed: true } });
    expect(await http('POST', `/models/${MODEL}/aliases`, { version: 1, reason: 'rollback: v2 worse online', actor: 'ops' })).toMatchObject({ status: 200 });
    const history = (await http('GET', `/models/${MODEL}/aliases`)).body as unknown as { fromVersion: number | null; toVersion: number; actor: string; reason: string }[];
    expect(history.map((entry) => [entry.fromVersion, entry.toVersion, entry.actor])).toEqual([
      [null, 1, 'trainer'],
      [1, 2, 'ops'],
      [2, 1, 'ops'],
    ]);
    expect(history[2]?.reason).toBe('manual: rollback: v2 worse online');
    await waitUntil('three model.promoted messages', async () => promoted.length, (n) => n >= 3);
    expect(promoted.map((message) => message.version)).toEqual([1, 2, 1]);
    expect(await http('GET', '/models')).toMatchObject({ status: 200, body: [{ name: MODEL, versions: 2, aliases: { champion: 1 } }] });
  });
});
