import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { generateClickstream } from '@platform/simulator';
import { createServicesNamespace, PrometheusProcess, ServiceProcess, ServicesNamespace, startPrometheus, startServiceProcess, waitUntil } from '@platform/testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';

jest.setTimeout(600_000);

const APPS = ['ingest-gateway', 'stream-processor', 'trainer', 'inference-api'] as const;
type App = (typeof APPS)[number];
const EVENTS = 30_000;
const LINES_PER_POST = 5_000;
const MODEL = 'purchase-propensity';

interface Prediction {
  user_id: string;
  product_id: string;
  probability: number | null;
  features: string;
  version: number;
}

/** The simulated stream as CSV bodies of POST /events, each with the header. */
function simulatedCsvBodies(): { bodies: string[]; last: { user_id: string; product_id: string } } {
  const text = Buffer.concat([...generateClickstream({ events: EVENTS, seed: 16 })]).toString('latin1').trimEnd();
  const [header, ...lines] = text.split('\n');
  const bodies: string[] = [];
  for (let at = 0; at < lines.length; at += LINES_PER_POST) bodies.push(`${header}\n${lines.slice(at, at + LINES_PER_POST).join('\n')}\n`);
  const columns = (header as string).split(',');
  const lastFields = (lines[lines.length - 1] as string).split(',');
  const field = (name: string) => lastFields[columns.indexOf(name)] as string;
  return { bodies, last: { user_id: field('user_id'), product_id: field('product_id') } };
}

/**
 * The platform end to end on the real servers, four apps as separate processes (DESIGN.md section
 * 1): simulator → POST /events (gateway) → bronze (S3) → data_streaming (Kafka) → stream-processor
 * → Redis and PostgreSQL → trainer (POST /train) → registry → model.promoted (Kafka) → the
 * inference API swaps to the new version → POST /predict answers with it. The inference API's
 * registry poll is set to an hour, so only `model.promoted` can make it swap in time. A Prometheus
 * of the test's own scrapes the four apps throughout.
 */
describe('the platform end to end on the real servers', () => {
  let namespace: ServicesNamespace;
  let scratch: string;
  let prometheus: PrometheusProcess;
  const apps = new Map<App, ServiceProcess>();
  const url = (app: App) => (apps.get(app) as ServiceProcess).url;
  const metrics = async (app: App) => (await fetch(`${url(app)}/metrics`)).text();
  const predict = async (items: object[]) => {
    const response = await fetch(`${url('inference-api')}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(items) });
    return { status: response.status, body: (await response.json()) as { predictions?: Prediction[]; message?: string } };
  };

  /** What the processor wrote, read straight from the servers: bronze objects, the user's hash in Redis, every clean row in PostgreSQL. */
  const expectInTheStores = async (user: { user_id: string }, events: number) => {
    const { services } = namespace;
    const s3 = new S3Client({
      endpoint: services.S3_ENDPOINT,
      region: services.S3_REGION,
      forcePathStyle: true,
      credentials: { accessKeyId: services.S3_ACCESS_KEY, secretAccessKey: services.S3_SECRET_KEY },
    });
    const redis = new Redis(services.REDIS_URL);
    const pg = new Client({ connectionString: namespace.databaseUrl });
    try {
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: `${namespace.bucketPrefix}bronze`, Prefix: 'bronze/events/' }));
      expect(listed.KeyCount).toBeGreaterThan(0);
      expect(await redis.hget(`${namespace.redisKeyPrefix}user:${user.user_id}`, 'latest_session')).toMatch(/^[0-9a-f-]{36}$/);
      await pg.connect();
      const { rows } = await pg.query<{ n: string }>('SELECT COUNT(*) AS n FROM clean_events');
      expect(Number(rows[0]?.n)).toBe(events);
    } finally {
      s3.destroy();
      redis.disconnect();
      await pg.end();
    }
  };

  beforeAll(async () => {
    namespace = await createServicesNamespace('e2e');
    scratch = mkdtempSync(join(tmpdir(), 'platform-e2e-'));
    const env = {
      ...namespace.env,
      PLATFORM_CWD: scratch,
      KAFKA_TOPIC_PARTITIONS: '2',
      INGEST_BATCH_MAX_DELAY_MS: '50',
      // An hour: the swap this test waits for can only come from model.promoted.
      INFERENCE_MODEL_POLL_MS: '3600000',
    };
    const started = await Promise.all(APPS.map((app) => startServiceProcess(`apps/${app}/src/main.ts`, env)));
    APPS.forEach((app, i) => apps.set(app, started[i] as ServiceProcess));
    const scrapeConfigs = APPS.map((app) => `  - job_name: ${app}\n    static_configs: [{ targets: ['${new URL(url(app)).host}'] }]`).join('\n');
    writeFileSync(join(scratch, 'prometheus.yml'), `global:\n  scrape_interval: 1s\nscrape_configs:\n${scrapeConfigs}\n`);
    prometheus = await startPrometheus(join(scratch, 'prometheus.yml'), scratch);
  });

  afterAll(async () => {
    await prometheus?.stop();
    const exits = await Promise.all([...apps.values()].map((app) => app.stop('SIGTERM')));
    await namespace?.drop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    expect(exits).toEqual(APPS.map(() => ({ code: 0, signal: null })));
  });

  it('carries simulated events from POST /events to a prediction of the model trained on them', async () => {
    const { bodies, last } = simulatedCsvBodies();
    const before = await predict([last]);
    expect(before.status).toBe(503);

    let accepted = 0;
    for (const body of bodies) {
      const response = await fetch(`${url('ingest-gateway')}/events`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body });
      expect(response.status).toBe(202);
      accepted += ((await response.json()) as { accepted: number }).accepted;
    }
    expect(accepted).toBe(EVENTS);

    const applied = async () => Number(/^stream_processor_events_total\{outcome="applied"\} (\d+)/m.exec(await metrics('stream-processor'))?.[1] ?? 0);
    await waitUntil('the stream processor to apply every accepted event (Redis and PostgreSQL written)', applied, (n) => n >= accepted, 240_000);
    await expectInTheStores(last, accepted);

    const started = await fetch(`${url('trainer')}/train`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ trials: 3, parallel: 2, maxRounds: 60, budget: '30s' }),
    });
    expect(started.status).toBe(202);
    const { runId } = (await started.json()) as { runId: string };
    const run = await waitUntil(
      `training run ${runId} to end`,
      async () => (await (await fetch(`${url('trainer')}/runs/${runId}`)).json()) as { status: string },
      ({ status }) => status !== 'RUNNING',
      300_000,
    );
    expect(run.status).toBe('FINISHED');
    const aliases = (await (await fetch(`${url('trainer')}/models/${MODEL}/aliases`)).json()) as unknown;
    expect(JSON.stringify(aliases)).toMatch(/"champion"/);
    // The README's tour reads these two.
    expect(JSON.stringify(await (await fetch(`${url('trainer')}/runs`)).json())).toContain(runId);
    const versions = (await (await fetch(`${url('trainer')}/models/${MODEL}/versions`)).json()) as { version: number }[];
    expect(versions.map((v) => v.version)).toEqual([1]);

    // model.promoted → the inference API loads v1 (its poll is an hour away).
    const served = await waitUntil('the inference API to serve v1', () => predict([last]), ({ status }) => status === 200, 60_000);
    const [prediction] = served.body.predictions as Prediction[];
    expect(prediction).toMatchObject({ user_id: last.user_id, product_id: last.product_id, features: 'found', version: 1 });
    expect(prediction?.probability).toBeGreaterThan(0);
    expect(prediction?.probability).toBeLessThan(1);
  });

  it('Prometheus scraped all four apps meanwhile, and their series show the flow', async () => {
    const up = await prometheus.api<{ result: { metric: { job: string }; value: [number, string] }[] }>('query', { query: 'up' });
    expect(up.result.map((sample) => [sample.metric.job, sample.value[1]]).sort()).toEqual([...APPS].sort().map((app) => [app, '1']));
    const flowed = async (query: string) =>
      waitUntil(`Prometheus to have ${query}`, () => prometheus.api<{ result: unknown[] }>('query', { query }), ({ result }) => result.length > 0, 30_000);
    await flowed(`sum(stream_processor_events_total{outcome="applied"}) >= ${EVENTS}`);
    await flowed('sum(trainer_trainings_total) >= 1');
    await flowed('sum(inference_api_predictions_total{features="found"}) >= 1');
    await flowed('sum(ingest_gateway_objects_written_total) >= 1');
  });
});
