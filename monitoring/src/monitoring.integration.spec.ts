import { CleanEvent } from '@platform/events';
import { createServicesNamespace, PrometheusProcess, ServiceProcess, ServicesNamespace, startPrometheus, startServiceProcess, waitUntil } from '@platform/testing';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { publishNamespaceChampion, rees46FeatureEvents } from '@platform/serving/testing';
import { panelQueries, readAlertRules, readDashboards } from './testing/monitoring-files';
import { renderPrometheusConfig } from './testing/prometheus-config';
import { promqlMetrics } from './testing/promql-metric-names';

jest.setTimeout(300_000);

const APPS = ['ingest-gateway', 'stream-processor', 'trainer', 'inference-api'] as const;
const EVENTS = 2000;
const OCTOBER_CSV = join(__dirname, '../../../shared/data/rees46/2019-Oct-tail-100k.csv.gz');

/** The panel of each dashboard whose query must return data once events and predictions have flowed. */
const PROBES: Record<string, string> = {
  Pipeline: 'Processor throughput',
  Inference: 'Prediction requests',
  // Nothing trains in this test: the trainer's own series stay empty, its scrape does not.
  Models: 'Trainer up',
};

interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

/**
 * The monitoring of issue 15 against the four apps running as processes on the real servers: real
 * REES46 events posted to the gateway flow through Kafka into the stream processor; a champion is
 * published and the inference API answers predictions; then the apps' /metrics are read, and a
 * Prometheus of this test's own scrapes them with monitoring/prometheus's configuration and rules.
 */
describe('monitoring on the four running apps', () => {
  let namespace: ServicesNamespace;
  const apps = new Map<string, ServiceProcess>();
  let exported: Set<string>;
  let prometheus: PrometheusProcess;
  let scratch: string;
  let jobs: string[];

  const appUrl = (app: string) => apps.get(app)?.url as string;
  /** Series names an app's /metrics declares (`# TYPE`, so a labelled metric not yet observed counts) or serves. */
  const metricNamesOf = async (app: string) => {
    const text = await (await fetch(`${appUrl(app)}/metrics`)).text();
    const names: string[] = [];
    for (const line of text.split('\n')) {
      const declared = /^# TYPE (\S+) (\S+)$/.exec(line);
      if (declared) {
        const [, name, type] = declared as unknown as [string, string, string];
        names.push(name, ...(type === 'histogram' ? ['_bucket', '_sum', '_count'] : type === 'summary' ? ['_sum', '_count'] : []).map((suffix) => name + suffix));
      } else if (line !== '' && !line.startsWith('#')) names.push(/^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0] as string);
    }
    return names;
  };
  const appliedEvents = async () => {
    const text = await (await fetch(`${appUrl('stream-processor')}/metrics`)).text();
    return Number(/^stream_processor_events_total\{outcome="applied"\} (\d+)/m.exec(text)?.[1] ?? 0);
  };

  beforeAll(async () => {
    namespace = await createServicesNamespace('monitoring');
    scratch = mkdtempSync(join(tmpdir(), 'monitoring-'));
    const env = { ...namespace.env, KAFKA_TOPIC_PARTITIONS: '1', INGEST_BATCH_MAX_DELAY_MS: '50', INFERENCE_MODEL_POLL_MS: '1000' };
    const started = await Promise.all(APPS.map((app) => startServiceProcess(`apps/${app}/src/main.ts`, env)));
    APPS.forEach((app, i) => apps.set(app, started[i] as ServiceProcess));

    // Real rows through the real path: POST /events → bronze → data_streaming → stream-processor.
    const csv = gunzipSync(readFileSync(OCTOBER_CSV)).toString('utf8').split('\n').slice(0, EVENTS + 1).join('\n');
    const posted = await fetch(`${appUrl('ingest-gateway')}/events`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
    expect(posted.status).toBe(202);
    const { accepted } = (await posted.json()) as { accepted: number };
    await waitUntil('the stream processor to apply the posted events', appliedEvents, (applied) => applied >= accepted, 120_000);

    // A champion trained on the same events; the inference API finds it on its next poll.
    const events: CleanEvent[] = await rees46FeatureEvents(EVENTS);
    await publishNamespaceChampion(namespace, events, { model: 'purchase-propensity', numTrees: 10 });
    await waitUntil('the inference API to serve the champion', async () => (await fetch(`${appUrl('inference-api')}/health/ready`)).status, (status) => status === 200);
    const items = events.slice(0, 50).map((event) => ({ user_id: event.user_id, product_id: event.product_id, user_session: event.user_session }));
    const predicted = await fetch(`${appUrl('inference-api')}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(items) });
    expect(predicted.status).toBe(200);

    exported = new Set((await Promise.all(APPS.map(metricNamesOf))).flat());

    const targets = Object.fromEntries(APPS.map((app) => [app, new URL(appUrl(app)).host]));
    const config = renderPrometheusConfig(targets);
    jobs = config.jobs;
    writeFileSync(join(scratch, 'prometheus.yml'), config.yaml);
    prometheus = await startPrometheus(join(scratch, 'prometheus.yml'), scratch);
  });

  afterAll(async () => {
    await prometheus?.stop();
    await Promise.all([...apps.values()].map((app) => app.stop()));
    await namespace?.drop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('every metric a dashboard panel or an alert rule names is exported by the running apps', () => {
    const queries = [
      ...readDashboards().flatMap((dashboard) => panelQueries(dashboard).map((query) => ({ where: `${query.dashboard} / ${query.panel}`, expr: query.expr }))),
      ...readAlertRules().map((rule) => ({ where: `alert ${rule.alert}`, expr: rule.expr })),
    ];
    expect(queries.length).toBeGreaterThan(20);
    const missing: string[] = [];
    for (const { where, expr } of queries) {
      const { names, nameRegexes } = promqlMetrics(expr);
      for (const name of names) if (name !== 'up' && !exported.has(name)) missing.push(`${where}: ${name}`);
      for (const regex of nameRegexes) if (![...exported].some((name) => regex.test(name))) missing.push(`${where}: ${regex}`);
    }
    expect(missing).toEqual([]);
  });

  it('Prometheus, with the compose configuration pointed at the apps, finds every target up', async () => {
    expect(jobs.sort()).toEqual([...APPS].sort());
    const targets = await waitUntil(
      'every target to be scraped and up',
      () => prometheus.api<{ activeTargets: { labels: { job: string }; health: string; lastError: string }[] }>('targets'),
      ({ activeTargets }) => activeTargets.length === APPS.length && activeTargets.every((target) => target.health === 'up'),
      30_000,
    );
    expect(targets.activeTargets.map((target) => target.labels.job).sort()).toEqual([...APPS].sort());
  });

  it('every dashboard query is valid PromQL to Prometheus, and one query per dashboard returns data', async () => {
    for (const dashboard of readDashboards()) {
      const queries = panelQueries(dashboard);
      for (const query of queries) await prometheus.api('query', { query: query.expr });
      const probe = PROBES[dashboard.title];
      expect({ dashboard: dashboard.title, probe }).toEqual({ dashboard: dashboard.title, probe: expect.any(String) });
      const expr = queries.find((query) => query.panel === probe)?.expr as string;
      const result = await waitUntil(
        `"${probe}" of ${dashboard.title} to return data`,
        () => prometheus.api<{ result: PromSample[] }>('query', { query: expr }),
        ({ result }) => result.length > 0,
        30_000,
      );
      expect(result.result.length).toBeGreaterThan(0);
    }
  });

  it('loads every alert rule and evaluates each without error on the apps’ series', async () => {
    type RuleGroup = { name: string; rules: { name: string; health: string; lastError?: string; lastEvaluation: string }[] };
    const { groups } = await waitUntil(
      'every rule to be evaluated',
      () => prometheus.api<{ groups: RuleGroup[] }>('rules'),
      ({ groups }) => groups.length > 0 && groups.every((group) => group.rules.every((rule) => !rule.lastEvaluation.startsWith('0001'))),
      30_000,
    );
    const rules = groups.flatMap((group) => group.rules.map((rule) => ({ rule: rule.name, health: rule.health, error: rule.lastError ?? '' })));
    expect(rules.map((rule) => rule.rule).sort()).toEqual(readAlertRules().map((rule) => rule.alert).sort());
    expect(rules.filter((rule) => rule.health !== 'ok')).toEqual([]);
  });
});
