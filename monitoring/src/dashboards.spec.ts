import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { MONITORING_DIR, panelQueries, readAlertRules, readDashboards } from './testing/monitoring-files';
import { promqlMetrics } from './testing/promql-metric-names';

/** Metrics a query may name besides the apps' own: what Prometheus records about each scrape. */
const PROMETHEUS_SERIES = ['up'];
const APP_METRIC = /^(ingest_gateway|stream_processor|trainer|inference_api)_[a-z0-9_]+$/;

const provisionedDatasource = (
  parse(readFileSync(join(MONITORING_DIR, 'grafana', 'provisioning', 'datasources', 'prometheus.yaml'), 'utf8')) as {
    datasources: { uid: string; type: string }[];
  }
).datasources[0];

describe('Grafana dashboards (monitoring/grafana/dashboards)', () => {
  const dashboards = readDashboards();

  it('are the Pipeline, Inference and Models dashboards, each with a unique uid and panel ids', () => {
    expect(dashboards.map((dashboard) => dashboard.title)).toEqual(expect.arrayContaining(['Pipeline', 'Inference', 'Models']));
    expect(new Set(dashboards.map((dashboard) => dashboard.uid)).size).toBe(dashboards.length);
    for (const dashboard of dashboards) {
      const ids = dashboard.panels.map((panel) => panel.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('query the provisioned Prometheus data source by its uid', () => {
    expect(provisionedDatasource).toMatchObject({ type: 'prometheus', uid: 'prometheus' });
    for (const dashboard of dashboards) {
      for (const panel of dashboard.panels.filter((candidate) => candidate.type !== 'row')) {
        expect({ panel: panel.title, datasource: panel.datasource }).toEqual({ panel: panel.title, datasource: { type: 'prometheus', uid: 'prometheus' } });
        expect(panel.targets?.length).toBeGreaterThan(0);
        for (const target of panel.targets ?? []) expect(target.datasource?.uid).toBe(provisionedDatasource?.uid);
      }
    }
  });

  it('hold PromQL that parses and names only the apps’ metrics (and up)', () => {
    for (const query of dashboards.flatMap((dashboard) => panelQueries(dashboard))) {
      const { names, nameRegexes } = promqlMetrics(query.expr);
      expect({ ...query, names, nameRegexes }).toEqual({ ...query, names: expect.any(Array), nameRegexes: [] });
      expect(names.length).toBeGreaterThan(0);
      const unknown = names.filter((name) => !APP_METRIC.test(name) && !PROMETHEUS_SERIES.includes(name));
      expect({ ...query, unknown }).toEqual({ ...query, unknown: [] });
    }
  });
});

describe('promqlMetrics', () => {
  it('lists names, __name__ matchers and regexes, through functions, aggregations and binary operators', () => {
    const { names, nameRegexes } = promqlMetrics(
      'sum by (le) (rate(a_seconds_bucket{route="/x"}[5m])) / on () group_left b_total + {__name__="c_ratio"} or {__name__=~"(d|e)_total"}',
    );
    expect(names.sort()).toEqual(['a_seconds_bucket', 'b_total', 'c_ratio']);
    expect(nameRegexes.map((regex) => regex.test('e_total'))).toEqual([true]);
  });

  it('refuses an expression that does not parse, saying where', () => {
    expect(() => promqlMetrics('sum(rate(a_total[5m])')).toThrow(/PromQL syntax error at \d+/);
  });

  it('reads the alert rules’ expressions too', () => {
    for (const rule of readAlertRules()) expect(promqlMetrics(rule.expr).names.length + promqlMetrics(rule.expr).nameRegexes.length).toBeGreaterThan(0);
  });
});
