import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** monitoring/: Prometheus's configuration and rules, Grafana's provisioning and dashboards. */
export const MONITORING_DIR = join(__dirname, '..', '..');
export const PROMETHEUS_DIR = join(MONITORING_DIR, 'prometheus');
const DASHBOARDS_DIR = join(MONITORING_DIR, 'grafana', 'dashboards');

interface GrafanaTarget {
  refId: string;
  expr: string;
  datasource?: { type: string; uid: string };
}

interface GrafanaPanel {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  targets?: GrafanaTarget[];
}

export interface Dashboard {
  file: string;
  uid: string;
  title: string;
  panels: GrafanaPanel[];
}

/** One PromQL query of a dashboard panel, with Grafana's interval variables made plain PromQL. */
export interface PanelQuery {
  dashboard: string;
  panel: string;
  expr: string;
}

export interface AlertRule {
  group: string;
  alert: string;
  expr: string;
}

export function readDashboards(): Dashboard[] {
  return readdirSync(DASHBOARDS_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, ...(JSON.parse(readFileSync(join(DASHBOARDS_DIR, file), 'utf8')) as Omit<Dashboard, 'file'>) }));
}

export function panelQueries(dashboard: Dashboard, rateInterval = '1m'): PanelQuery[] {
  return dashboard.panels.flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({
      dashboard: dashboard.title,
      panel: panel.title,
      // Grafana fills these in per graph; a fixed range makes the same text a PromQL expression.
      expr: target.expr.replace(/\$__rate_interval|\$__interval|\$__range/g, rateInterval),
    })),
  );
}

export function readAlertRules(): AlertRule[] {
  const rulesDir = join(PROMETHEUS_DIR, 'rules');
  return readdirSync(rulesDir)
    .filter((file) => file.endsWith('.rules.yml'))
    .flatMap((file) => {
      const { groups } = parse(readFileSync(join(rulesDir, file), 'utf8')) as { groups: { name: string; rules: { alert?: string; expr: string }[] }[] };
      return groups.flatMap((group) => group.rules.map((rule) => ({ group: group.name, alert: rule.alert ?? '(recording)', expr: rule.expr })));
    });
}
