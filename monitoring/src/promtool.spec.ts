import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PROMETHEUS_DIR, readAlertRules } from './testing/monitoring-files';

/** promtool ships with the Prometheus that tools/dev-services installs (`npm run services:up`). */
const PROMTOOL = '/usr/bin/promtool';
const TESTS_DIR = join(PROMETHEUS_DIR, 'tests');

function promtool(...args: string[]): { status: number | null; output: string } {
  const run = spawnSync(PROMTOOL, args, { cwd: PROMETHEUS_DIR, encoding: 'utf8' });
  if (run.error) throw new Error(`${PROMTOOL}: ${run.error.message} (it comes with Prometheus: npm run services:up installs it)`);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const testFiles = readdirSync(TESTS_DIR).filter((file) => file.endsWith('.test.yml'));

describe('monitoring/prometheus under promtool', () => {
  it('check config: prometheus.yml and the rule files it loads are valid', () => {
    const { status, output } = promtool('check', 'config', 'prometheus.yml');
    expect(output).toContain('SUCCESS: prometheus.yml is valid prometheus config file syntax');
    expect(output).toMatch(/SUCCESS: [1-9]\d* rule files found/);
    expect(status).toBe(0);
  });

  it('check rules: every rule file is valid', () => {
    const rules = readdirSync(join(PROMETHEUS_DIR, 'rules')).map((file) => join('rules', file));
    const { status, output } = promtool('check', 'rules', ...rules);
    expect(output).not.toContain('FAILED');
    expect(status).toBe(0);
  });

  it('test rules: every alert fires and stays quiet as its unit tests say', () => {
    const { status, output } = promtool('test', 'rules', ...testFiles.map((file) => join('tests', file)));
    expect(output).not.toContain('FAILED');
    expect(status).toBe(0);
  });

  it('every alert has a unit test in which it fires', () => {
    const firing = new Set<string>();
    for (const file of testFiles) {
      const { tests } = parse(readFileSync(join(TESTS_DIR, file), 'utf8')) as {
        tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
      };
      for (const test of tests) for (const check of test.alert_rule_test ?? []) if (check.exp_alerts.length > 0) firing.add(check.alertname);
    }
    const alerts = readAlertRules().map((rule) => rule.alert);
    expect(alerts.filter((alert) => !firing.has(alert))).toEqual([]);
    expect(alerts).toEqual(
      expect.arrayContaining(['TargetDown', 'HttpErrorRateHigh', 'PredictLatencyP99High', 'ConsumerLagHigh', 'DeadLetterRateHigh', 'FeaturesStale', 'FeatureDriftHigh', 'NoChampionModel']),
    );
  });

  it('test rules fails when an alert does not behave as its test says (the check can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'promtool-'));
    const wrong = join(dir, 'wrong.test.yml');
    writeFileSync(
      wrong,
      JSON.stringify({
        rule_files: [join(PROMETHEUS_DIR, 'rules', 'platform.rules.yml')],
        tests: [
          {
            interval: '1m',
            input_series: [{ series: 'up{job="trainer", instance="t:3003"}', values: '1x10' }],
            alert_rule_test: [{ eval_time: '5m', alertname: 'TargetDown', exp_alerts: [{ exp_labels: { severity: 'critical', job: 'trainer', instance: 't:3003' } }] }],
          },
        ],
      }),
    );
    const { status, output } = promtool('test', 'rules', wrong);
    expect(output).toContain('FAILED');
    expect(status).not.toBe(0);
  });
});
