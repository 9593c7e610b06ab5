import { ConfigError } from './config.error';
import { PlatformConfig } from './platform-config';
import { platformEnvSchema } from './platform-env.schema';

export interface AppIdentity {
  /** The app's name, as in `apps/<name>`. */
  app: string;
  defaultPort: number;
}

const EMBEDDED_LAKE = 'file://.data/lake';
const EMBEDDED_DATABASE = 'sqlite://.data/platform.db';
const SECRET_VARIABLE = /(_KEY|_SECRET|_PASSWORD)$/;
/** The key an app with guarded endpoints requires once it listens beyond loopback. */
const API_KEY_OF_APP: Record<string, 'INGEST_API_KEY' | 'INFERENCE_API_KEY' | 'TRAINER_API_KEY'> = {
  'ingest-gateway': 'INGEST_API_KEY',
  // Its reprocessing endpoints are guarded by the data path's key (ApiKeyGuard).
  'stream-processor': 'INGEST_API_KEY',
  'inference-api': 'INFERENCE_API_KEY',
  trainer: 'TRAINER_API_KEY',
};

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Validates the environment once and turns it into typed adapter choices (DESIGN.md section 3). */
export function loadPlatformConfig(env: NodeJS.ProcessEnv, identity: AppIdentity): PlatformConfig {
  const parsed = platformEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        // DESIGN.md section 3: a secret's value is never echoed, not even a wrong one.
        const shown = SECRET_VARIABLE.test(name) ? '(hidden)' : JSON.stringify(withoutUrlPassword(env[name] ?? ''));
        return `${name}=${shown}: ${issue.message}`;
      }),
    );
  }
  const vars = parsed.data;
  const problems: string[] = [];
  const lakeUrl = new URL(vars.LAKE_URL ?? EMBEDDED_LAKE);
  if (lakeUrl.protocol === 's3:' && (vars.S3_ACCESS_KEY === undefined) !== (vars.S3_SECRET_KEY === undefined)) {
    problems.push('S3_ACCESS_KEY / S3_SECRET_KEY: expected both or neither (neither uses the default AWS credential chain)');
  }
  // DESIGN.md section 3: an app whose endpoints take a key wants it once it listens beyond loopback.
  const host = vars.HOST ?? '127.0.0.1';
  const keyOfApp = API_KEY_OF_APP[identity.app];
  if (keyOfApp && !isLoopback(host) && vars[keyOfApp] === undefined) {
    problems.push(`${keyOfApp}: required when HOST=${host} listens beyond loopback; set a key of 16+ characters (e.g. openssl rand -hex 32)`);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const databaseUrl = vars.DATABASE_URL ?? EMBEDDED_DATABASE;
  return {
    app: identity.app,
    host,
    port: vars.PORT ?? identity.defaultPort,
    logLevel: vars.LOG_LEVEL ?? 'log',
    lake:
      lakeUrl.protocol === 'file:'
        ? { kind: 'file', root: fileUrlPath(vars.LAKE_URL ?? EMBEDDED_LAKE) }
        : {
            kind: 's3',
            endpoint: vars.S3_ENDPOINT,
            region: vars.S3_REGION ?? 'us-east-1',
            accessKeyId: vars.S3_ACCESS_KEY,
            secretAccessKey: vars.S3_SECRET_KEY,
          },
    kafka: vars.KAFKA_BROKERS
      ? {
          kind: 'kafka',
          brokers: vars.KAFKA_BROKERS.split(',').map((broker) => broker.trim()),
          topicPartitions: vars.KAFKA_TOPIC_PARTITIONS ?? 4,
          ...(vars.KAFKA_SESSION_TIMEOUT_MS === undefined ? {} : { sessionTimeoutMs: vars.KAFKA_SESSION_TIMEOUT_MS }),
        }
      : { kind: 'in-process' },
    onlineStore: vars.REDIS_URL ? { kind: 'redis', url: vars.REDIS_URL } : { kind: 'memory' },
    database: databaseUrl.startsWith('sqlite:')
      ? { kind: 'sqlite', file: fileUrlPath(databaseUrl) }
      : { kind: 'postgres', url: databaseUrl },
    namespaces: {
      bucketPrefix: vars.LAKE_BUCKET_PREFIX ?? '',
      redisKeyPrefix: vars.REDIS_KEY_PREFIX ?? '',
      topicPrefix: vars.KAFKA_TOPIC_PREFIX ?? '',
    },
    build: { version: vars.BUILD_VERSION ?? 'dev', commit: vars.BUILD_COMMIT ?? 'unknown' },
    ingest: {
      ...(vars.INGEST_API_KEY === undefined ? {} : { apiKey: vars.INGEST_API_KEY }),
      lakeNotifications: vars.LAKE_NOTIFICATIONS ?? 'writer',
      maxBodyBytes: vars.INGEST_MAX_BODY_BYTES ?? 16 * 1024 * 1024,
      maxInflatedBytes: vars.INGEST_MAX_INFLATED_BYTES ?? 64 * 1024 * 1024,
      batchMaxEvents: vars.INGEST_BATCH_MAX_EVENTS ?? 5000,
      batchMaxDelayMs: vars.INGEST_BATCH_MAX_DELAY_MS ?? 200,
      bulkLoadDir: vars.INGEST_BULK_LOAD_DIR ?? '.data/import',
      bulkLoadMaxJobs: vars.INGEST_BULK_LOAD_MAX_JOBS ?? 2,
      replay: {
        ...(vars.REPLAY_CRON === undefined ? {} : { cron: vars.REPLAY_CRON }),
        prefix: vars.REPLAY_PREFIX ?? 'datasource/',
        objectsPerTick: vars.REPLAY_OBJECTS_PER_TICK ?? 1,
        tickMs: vars.REPLAY_TICK_MS ?? 1000,
      },
    },
    inference: {
      ...(vars.INFERENCE_API_KEY === undefined ? {} : { apiKey: vars.INFERENCE_API_KEY }),
      model: vars.INFERENCE_MODEL ?? 'purchase-propensity',
      maxItems: vars.INFERENCE_MAX_ITEMS ?? 1000,
      maxBodyBytes: vars.INFERENCE_MAX_BODY_BYTES ?? 1024 * 1024,
      modelPollMs: vars.INFERENCE_MODEL_POLL_MS ?? 60_000,
      driftWindow: vars.INFERENCE_DRIFT_WINDOW ?? 10_000,
    },
    trainer: {
      role: vars.TRAINER_ROLE ?? 'coordinator',
      model: vars.TRAINER_MODEL ?? 'purchase-propensity',
      trialExecutor: vars.TRAINER_TRIAL_EXECUTOR ?? 'threads',
      ...(vars.TRAINER_API_KEY === undefined ? {} : { apiKey: vars.TRAINER_API_KEY }),
      ...(vars.TRAIN_CRON === undefined ? {} : { cron: vars.TRAIN_CRON }),
      promotionMinAucGain: vars.PROMOTION_MIN_AUC_GAIN ?? 0.001,
    },
  };
}

/** A URL's password (`redis://:secret@host`, `postgres://user:secret@host`) shown as `***`, even in a URL that does not parse. */
function withoutUrlPassword(value: string): string {
  return value.replace(/(\/\/[^:/@\s]*:)[^@\s]*@/g, '$1***@');
}

/** `file://.data/lake` and `sqlite://.data/x.db` are relative paths; `file:///abs` is absolute. */
function fileUrlPath(url: string): string {
  const path = url.replace(/^[a-z]+:\/\//, '');
  return path === '' ? '.' : path;
}
