import { openPlatformDataSource } from '@platform/database';
import { REGISTRY_SCHEMA, RegistryService } from '@platform/model-registry';
import { OFFLINE_STORE_SCHEMA, OfflineEventStore } from '@platform/offline-store';
import { createLake, Lake } from '@platform/s3-lake';
import { createServicesNamespace, REES46_DIR, REES46_FILES, ServicesNamespace, ServiceProcess, startServiceProcess, waitUntil } from '@platform/testing';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadThroughPipeline } from './testing/load-through-pipeline';

jest.setTimeout(30 * 60_000);

const MODEL = 'purchase-propensity';
const TRIALS = 6;

interface RunView {
  id: string;
  status: string;
  tags: Record<string, string>;
  children?: { id: string; name: string; kind: string; status: string; tags: Record<string, string> }[];
}

/** A worker's log line for a segment it took: `<study> <trial> rounds <from>..<to> started`. */
const SEGMENT_STARTED = /([0-9a-f-]{36}) (trial-\d+|final-fit) rounds (\d+)\.\.(\d+) started/g;

/**
 * The Kafka trial executor across processes on the real servers: a coordinator (the trainer app)
 * sends the search's segments on trainer.trials to two worker processes (TRAINER_ROLE=worker);
 * one is killed with SIGKILL while it holds a segment, the other trains that segment again, and
 * the search ends with every trial recorded once.
 */
describe('trainer workers on Kafka, one killed mid-trial', () => {
  let namespace: ServicesNamespace;
  let lake: Lake;
  let dataSource: DataSource;
  let registry: RegistryService;
  let coordinator: ServiceProcess;
  const workers: ServiceProcess[] = [];

  const http = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${coordinator.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    namespace = await createServicesNamespace('trainer-workers');
    const { env, services } = namespace;
    lake = createLake(
      { kind: 's3', endpoint: services.S3_ENDPOINT, region: services.S3_REGION, accessKeyId: services.S3_ACCESS_KEY, secretAccessKey: services.S3_SECRET_KEY },
      { bucketPrefix: namespace.bucketPrefix },
    );
    await lake.ensureBuckets();
    dataSource = await openPlatformDataSource({ kind: 'postgres', url: namespace.databaseUrl }, [REGISTRY_SCHEMA, OFFLINE_STORE_SCHEMA]);
    registry = new RegistryService(dataSource);
    const { outcome } = await loadThroughPipeline(lake, new OfflineEventStore(dataSource), join(REES46_DIR, REES46_FILES.october));
    expect(outcome).toMatchObject({ status: 'processed', events: 100_000 });
    for (let i = 0; i < 2; i++) workers.push(await startServiceProcess('apps/trainer/src/main.ts', { ...env, TRAINER_ROLE: 'worker' }));
    coordinator = await startServiceProcess('apps/trainer/src/main.ts', { ...env, TRAINER_TRIAL_EXECUTOR: 'kafka' });
  });

  afterAll(async () => {
    await coordinator?.stop();
    for (const worker of workers) await worker.stop();
    await dataSource?.destroy();
    await lake?.close();
    await namespace?.drop();
  });

  it('finishes the search with every trial recorded once after a worker dies holding a segment', async () => {
    const started = await http('POST', '/train', { trials: TRIALS, parallel: 2, maxRounds: 90, seed: 7 });
    expect(started).toMatchObject({ status: 202, body: { model: MODEL, status: 'RUNNING' } });
    const runId = started.body['runId'] as string;

    // The first worker seen holding a segment it has not recorded is killed at once, mid-segment.
    const held = await waitUntil(
      'a worker holding a segment',
      async () => {
        for (const [index, worker] of workers.entries()) {
          for (const [, study, trial, from, to] of worker.output().matchAll(SEGMENT_STARTED)) {
            if (study === runId && !worker.output().includes(`${trial} rounds ${from}..${to} trained`)) return { index, trial, from, to };
          }
        }
        return undefined;
      },
      (segment) => segment !== undefined,
      10 * 60_000,
    );
    const { index, trial, from, to } = held as { index: number; trial: string; from: string; to: string };
    const victim = workers[index] as ServiceProcess;
    const survivor = workers[1 - index] as ServiceProcess;
    expect(await victim.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    expect(victim.output()).not.toContain(`${trial} rounds ${from}..${to} trained`);

    const run = await waitUntil(
      `training ${runId} to end`,
      async () => (await http('GET', `/runs/${runId}`)).body as unknown as RunView,
      (view) => view.status !== 'RUNNING',
      20 * 60_000,
    );
    expect(run).toMatchObject({ status: 'FINISHED', tags: { 'model.version': '1', 'promotion.decision': 'promoted' } });

    // The dead worker's segment was trained again by the other one, and recorded once.
    expect(survivor.output()).toContain(`${runId} ${trial} rounds ${from}..${to} trained`);
    expect(run.tags[`segment.${trial}.to-${to}`]).toBe('done');
    const segments = Object.entries(run.tags).filter(([key]) => key.startsWith('segment.'));
    expect(segments.length).toBeGreaterThanOrEqual(TRIALS + 1);
    expect(segments.every(([, value]) => value === 'done')).toBe(true);

    // Every trial is one run, with one validation AUC per round.
    const trials = (run.children ?? []).filter((child) => child.kind === 'trial');
    expect(trials.map((child) => child.name).sort()).toEqual(Array.from({ length: TRIALS }, (_, i) => `trial-${String(i + 1).padStart(4, '0')}`));
    expect(trials.every((child) => child.status === 'FINISHED')).toBe(true);
    for (const child of trials) {
      const steps = (await registry.getMetricHistory(child.id, 'valid_auc')).map((point) => point.step);
      expect(steps).toEqual(Array.from({ length: steps.length }, (_, i) => i + 1));
    }
    expect((await registry.resolve(`${MODEL}@champion`)).version).toBe(1);
    // The search's files are in storage: the dataset written once, every segment's result.
    expect((await lake.head({ bucket: 'storage', key: `searches/${runId}/dataset.bin` })).size).toBeGreaterThan(1000);
    expect((await lake.head({ bucket: 'storage', key: `searches/${runId}/trials/${trial}/to-${to}.json` })).size).toBeGreaterThan(100);
  });
});
