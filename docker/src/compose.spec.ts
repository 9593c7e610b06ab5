import Ajv from 'ajv';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { interpolateCompose } from './testing/compose-interpolation';
import { ComposeFile, DOCKER_DIR, readComposeFile, readEnvFile, WORKSPACE_DIR } from './testing/compose-files';

/** The Compose specification's JSON schema, as the dclint package ships it (no fetch at run time). */
const SCHEMA_FILE = join(dirname(require.resolve('dclint/package.json')), 'schemas', 'compose.schema.json');
// Its `$schema` names draft-07 by an https URI Ajv does not know; Ajv's default dialect is draft-07.
const { $schema: _draft07, ...composeSchema } = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
const validateSchema = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(composeSchema);

const APPS = ['ingest-gateway', 'stream-processor', 'trainer', 'inference-api'];
const PUBLISHED = { 'ingest-gateway': 3001, 'inference-api': 8000, grafana: 3000 } as const;

const example = readEnvFile('.env.example');
/** `.env.example` with every empty secret filled, as a user's docker/.env would be. */
const filledEnv = Object.fromEntries(Object.entries(example).map(([key, value]) => [key, value === '' ? `${key.toLowerCase()}-0123456789abcdef` : value]));
const compose = readComposeFile('compose.yaml');
const resolved = interpolateCompose(compose, filledEnv).model;

function schemaErrors(model: unknown): string[] {
  return validateSchema(model) ? [] : (validateSchema.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`);
}

describe('docker/compose.yaml', () => {
  it('validates against the Compose specification schema, as written and once interpolated', () => {
    expect(existsSync(SCHEMA_FILE)).toBe(true);
    expect(schemaErrors(compose)).toEqual([]);
    expect(schemaErrors(resolved)).toEqual([]);
    expect(schemaErrors(readComposeFile('compose.admin.yaml'))).toEqual([]);
  });

  it('the schema check can fail: an unknown key and a wrong depends_on condition are refused', () => {
    const broken = structuredClone(resolved) as ComposeFile & { services: Record<string, Record<string, unknown>> };
    (broken.services['grafana'] as Record<string, unknown>)['publish'] = ['3000'];
    (broken.services['trainer'] as Record<string, unknown>)['depends_on'] = { kafka: { condition: 'service_ready' } };
    expect(schemaErrors(broken)).toEqual(
      expect.arrayContaining([expect.stringContaining('/services/grafana must NOT have additional properties'), expect.stringContaining('/services/trainer/depends_on')]),
    );
  });

  it('refuses to start without docker/.env: every secret is required, each named with how to set it', () => {
    const { errors } = interpolateCompose(compose, {});
    const secrets = Object.entries(example).filter(([, value]) => value === '').map(([key]) => key);
    expect(secrets).toEqual(
      expect.arrayContaining(['INGEST_API_KEY', 'INFERENCE_API_KEY', 'TRAINER_API_KEY', 'POSTGRES_PASSWORD', 'REDIS_PASSWORD', 'MINIO_ROOT_PASSWORD', 'LAKE_SECRET_KEY', 'GRAFANA_ADMIN_PASSWORD']),
    );
    expect(errors.sort()).toEqual(secrets.map((name) => `required variable ${name} is missing a value: set ${name} in docker/.env (see .env.example)`).sort());
    // An empty value is as missing as an absent one (`:?`).
    expect(interpolateCompose(compose, { ...filledEnv, REDIS_PASSWORD: '' }).errors).toEqual([
      'required variable REDIS_PASSWORD is missing a value: set REDIS_PASSWORD in docker/.env (see .env.example)',
    ]);
  });

  it('.env.example documents every variable compose.yaml reads, and only those', () => {
    const { variables } = interpolateCompose(compose, filledEnv);
    expect([...variables].sort()).toEqual(Object.keys(example).sort());
    // Each variable sits under a comment saying what it is (variables of one comment follow each other).
    const lines = readFileSync(join(DOCKER_DIR, '.env.example'), 'utf8').split('\n');
    for (const name of Object.keys(example)) {
      let above = lines.findIndex((line) => line.startsWith(`${name}=`)) - 1;
      while (above > 0 && /^[A-Z_]+=/.test(lines[above] as string)) above -= 1;
      expect({ name, comment: lines[above] }).toEqual({ name, comment: expect.stringMatching(/^# \S/) });
    }
    expect(spawnSync('git', ['check-ignore', '-q', join(DOCKER_DIR, '.env')], { cwd: WORKSPACE_DIR }).status).toBe(0);
  });

  it('takes every password and key from a variable, never from a literal', () => {
    const literal: string[] = [];
    for (const [service, definition] of Object.entries(compose.services)) {
      for (const [key, value] of Object.entries(definition.environment ?? {})) {
        const secretish = /PASSWORD|SECRET|_KEY$|_PASS$|AUTH$/.test(key) || /:\/\/[^/\s]*:[^@/\s]*@/.test(String(value));
        if (secretish && !/\$\{[A-Z_]+:\?[^}]+\}/.test(String(value))) literal.push(`${service}.${key}`);
      }
    }
    expect(literal).toEqual([]);
  });

  it('pins every image to a version (no latest), the apps to package.json’s version by default', () => {
    const version = (JSON.parse(readFileSync(join(WORKSPACE_DIR, 'package.json'), 'utf8')) as { version: string }).version;
    for (const [service, definition] of Object.entries(resolved.services)) {
      const image = definition.image ?? '';
      expect({ service, image }).toEqual({ service, image: expect.stringMatching(/^[a-z0-9./_-]+:[A-Za-z0-9._-]*\d[A-Za-z0-9._-]*$/) });
      expect(image).not.toMatch(/:(latest|stable|edge|nightly)$/);
    }
    for (const app of APPS) expect(compose.services[app]?.image).toBe(`platform/${app}:\${PLATFORM_VERSION:-${version}}`);
    expect(example['PLATFORM_VERSION']).toBe(version);
  });

  it('publishes only the gateway, the inference API and Grafana, on PUBLISH_ADDRESS (127.0.0.1 by default)', () => {
    const published = Object.fromEntries(Object.entries(compose.services).filter(([, definition]) => definition.ports).map(([name, definition]) => [name, definition.ports]));
    expect(published).toEqual(Object.fromEntries(Object.entries(PUBLISHED).map(([name, port]) => [name, [`\${PUBLISH_ADDRESS:-127.0.0.1}:${port}:${port}`]])));
    const withoutEnv = interpolateCompose(compose, { ...filledEnv, PUBLISH_ADDRESS: undefined }).model;
    for (const name of Object.keys(PUBLISHED)) expect(withoutEnv.services[name]?.ports?.[0]).toMatch(/^127\.0\.0\.1:/);
  });

  it('checks the health of every long-running service and starts each after what it needs is healthy', () => {
    const dockerfile = readFileSync(join(DOCKER_DIR, 'app.Dockerfile'), 'utf8');
    for (const [name, definition] of Object.entries(compose.services)) {
      if (name === 'minio-setup') {
        expect(definition.restart).toBe('no');
        continue;
      }
      const checked = definition.healthcheck !== undefined || (definition.image?.startsWith('platform/') && /^HEALTHCHECK /m.test(dockerfile));
      if (!/-exporter$/.test(name)) expect({ name, checked }).toEqual({ name, checked: true });
      expect({ name, restart: definition.restart }).toEqual({ name, restart: 'unless-stopped' });
      for (const [dependency, { condition }] of Object.entries(definition.depends_on ?? {})) {
        const expected = dependency === 'minio-setup' ? 'service_completed_successfully' : 'service_healthy';
        expect({ name, dependency, condition }).toEqual({ name, dependency, condition: expected });
        expect(compose.services[dependency]).toBeDefined();
      }
    }
    for (const app of APPS) expect(Object.keys(compose.services[app]?.depends_on ?? {}).sort()).toEqual(['kafka', 'minio-setup', 'postgres', 'redis']);
  });

  it('keeps state in named volumes and mounts only the monitoring configuration from the checkout, read-only', () => {
    const named = Object.keys(compose.volumes ?? {});
    for (const [name, definition] of Object.entries(compose.services)) {
      for (const volume of definition.volumes ?? []) {
        const [source = '', target = '', mode] = volume.split(':');
        if (source.startsWith('.')) {
          expect({ name, volume, mode }).toEqual({ name, volume, mode: 'ro' });
          expect(existsSync(resolve(DOCKER_DIR, source))).toBe(true);
          expect(resolve(DOCKER_DIR, source).startsWith(join(WORKSPACE_DIR, 'monitoring'))).toBe(true);
        } else {
          expect({ name, source }).toEqual({ name, source: expect.stringMatching(new RegExp(`^(${named.join('|')})$`)) });
          expect(target.startsWith('/')).toBe(true);
        }
      }
    }
    for (const stateful of ['kafka', 'minio', 'redis', 'postgres', 'prometheus', 'grafana']) {
      expect(compose.services[stateful]?.volumes?.some((volume) => named.includes(volume.split(':')[0] as string))).toBe(true);
    }
  });

  it('lets MinIO announce bronze objects on data_streaming, and the gateway announce none', () => {
    const minio = resolved.services['minio']?.environment ?? {};
    expect(minio).toMatchObject({ MINIO_NOTIFY_KAFKA_ENABLE_PRIMARY: 'on', MINIO_NOTIFY_KAFKA_BROKERS_PRIMARY: 'kafka:9092', MINIO_NOTIFY_KAFKA_TOPIC_PRIMARY: 'data_streaming' });
    const setup = ([] as string[]).concat(compose.services['minio-setup']?.command ?? []).join('\n');
    expect(setup).toContain('mc mb --ignore-existing local/datasource local/bronze local/storage');
    expect(setup).toContain('mc event add local/bronze arn:minio:sqs::PRIMARY:kafka --event put');
    expect(resolved.services['ingest-gateway']?.environment?.['LAKE_NOTIFICATIONS']).toBe('lake');
    for (const app of APPS.filter((name) => name !== 'ingest-gateway')) expect(resolved.services[app]?.environment?.['LAKE_NOTIFICATIONS']).toBeUndefined();
  });

  it('requires the API keys of the gateway (and the processor’s reprocessing), the inference API and the trainer, and a password for Redis, with append-only persistence', () => {
    for (const app of ['ingest-gateway', 'stream-processor']) expect(compose.services[app]?.environment?.['INGEST_API_KEY']).toMatch(/^\$\{INGEST_API_KEY:\?/);
    expect(compose.services['inference-api']?.environment?.['INFERENCE_API_KEY']).toMatch(/^\$\{INFERENCE_API_KEY:\?/);
    expect(compose.services['trainer']?.environment?.['TRAINER_API_KEY']).toMatch(/^\$\{TRAINER_API_KEY:\?/);
    const redisCommand = ([] as string[]).concat(compose.services['redis']?.command ?? []).join(' ');
    expect(redisCommand).toContain('--appendonly yes');
    expect(redisCommand).toContain('--requirepass "$$REDIS_PASSWORD"');
    for (const app of APPS) {
      const url = new URL(String(resolved.services[app]?.environment?.['REDIS_URL']));
      expect(url.password).toBe(filledEnv['REDIS_PASSWORD']);
    }
  });

  it('gives Prometheus the monitoring configuration and Grafana the provisioning and dashboards where its provider looks', () => {
    expect(compose.services['prometheus']?.volumes).toContain('../monitoring/prometheus:/etc/prometheus:ro');
    const provider = parse(readFileSync(join(WORKSPACE_DIR, 'monitoring/grafana/provisioning/dashboards/platform.yaml'), 'utf8')) as {
      providers: { options: { path: string } }[];
    };
    const dashboards = compose.services['grafana']?.volumes?.find((volume) => volume.startsWith('../monitoring/grafana/dashboards:'));
    expect(dashboards?.split(':')[1]).toBe(provider.providers[0]?.options.path);
    const home = String(resolved.services['grafana']?.environment?.['GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH']);
    expect(existsSync(join(WORKSPACE_DIR, 'monitoring/grafana/dashboards', home.slice(`${provider.providers[0]?.options.path}/`.length)))).toBe(true);
  });

  it('passes dclint (docker-compose-linter) without an error once interpolated', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'compose-')), 'compose.yaml');
    writeFileSync(file, stringify(resolved));
    const raw = join(DOCKER_DIR, 'compose.yaml');
    // One run for both: the file as written shows that dclint reads it (it cannot see through `${...}`).
    const lint = spawnSync(process.execPath, [require.resolve('dclint/bin/dclint.cjs'), '--quiet', '--formatter', 'json', raw, file], { encoding: 'utf8' });
    const reports = JSON.parse(lint.stdout) as { filePath: string; messages: { rule: string; message: string }[] }[];
    const errors = (path: string) => reports.filter((report) => resolve(report.filePath) === path).flatMap((report) => report.messages);
    expect(errors(file)).toEqual([]);
    expect(errors(raw).map((message) => message.rule)).toEqual(['no-unbound-port-interfaces', 'no-unbound-port-interfaces', 'no-unbound-port-interfaces']);
  });
});
