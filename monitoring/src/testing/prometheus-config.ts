import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { PROMETHEUS_DIR } from './monitoring-files';

interface ScrapeConfig {
  job_name: string;
  static_configs?: { targets: string[] }[];
}

interface PrometheusConfig {
  global: Record<string, string>;
  rule_files: string[];
  scrape_configs: ScrapeConfig[];
}

/**
 * monitoring/prometheus/prometheus.yml as compose runs it, pointed at apps on this machine: each app
 * job scrapes the given address, the rules are loaded from the checkout, and scrapes and rule
 * evaluations run every second. Jobs of servers that have no exporter here (Redis, PostgreSQL,
 * Kafka, MinIO) and Prometheus's own are left out, and listed in `dropped`.
 */
export function renderPrometheusConfig(appTargets: Record<string, string>): { yaml: string; jobs: string[]; dropped: string[] } {
  const config = parse(readFileSync(join(PROMETHEUS_DIR, 'prometheus.yml'), 'utf8')) as PrometheusConfig;
  const missing = Object.keys(appTargets).filter((job) => !config.scrape_configs.some((scrape) => scrape.job_name === job));
  if (missing.length > 0) throw new Error(`monitoring/prometheus/prometheus.yml has no job ${missing.join(', ')}`);
  const kept = config.scrape_configs.filter((scrape) => scrape.job_name in appTargets);
  const rendered: PrometheusConfig = {
    global: { ...config.global, scrape_interval: '1s', evaluation_interval: '1s' },
    rule_files: config.rule_files.map((pattern) => join(PROMETHEUS_DIR, pattern)),
    scrape_configs: kept.map((scrape) => ({ ...scrape, static_configs: [{ targets: [appTargets[scrape.job_name] as string] }] })),
  };
  return {
    yaml: stringify(rendered),
    jobs: kept.map((scrape) => scrape.job_name),
    dropped: config.scrape_configs.filter((scrape) => !(scrape.job_name in appTargets)).map((scrape) => scrape.job_name),
  };
}
