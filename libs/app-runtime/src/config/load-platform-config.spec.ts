import { ConfigError } from './config.error';
import { loadPlatformConfig } from './load-platform-config';

const identity = { app: 'test-app', defaultPort: 3100 };

describe('loadPlatformConfig', () => {
  it('chooses every embedded default when the environment is empty', () => {
    expect(loadPlatformConfig({}, identity)).toEqual({
      app: 'test-app',
      host: '127.0.0.1',
      port: 3100,
      logLevel: 'log',
      lake: { kind: 'file', root: '.data/lake' },
      kafka: { kind: 'in-process' },
      onlineStore: { kind: 'memory' },
      database: { kind: 'sqlite', file: '.data/platform.db' },
      namespaces: { bucketPrefix: '', redisKeyPrefix: '', topicPrefix: '' },
      build: { version: 'dev', commit: 'unknown' },
      ingest: {
        lakeNotifications: 'writer',
        maxBodyBytes: 16 * 1024 * 1024,
        maxInflatedBytes: 64 * 1024 * 1024,
        batchMaxEvents: 5000,
        batchMaxDelayMs: 200,
        bulkLoadDir: '.data/import',
        bulkLoadMaxJobs: 2,
        replay: { prefix: 'datasource/', objectsPerTick: 1, tickMs: 1000 },
      },
      inference: { model: 'purchase-propensity', maxItems: 1000, maxBodyBytes: 1024 * 1024, modelPollMs: 60_000, driftWindow: 10_000 },
      trainer: { role: 'coordinator', model: 'purchase-propensity', trialExecutor: 'threads', promotionMinAucGain: 0.001 },
    });
  });

  it('reads the inference settings, and never echoes a wrong key', () => {
    const inference = loadPlatformConfig(
      { INFERENCE_API_KEY: 'fedcba9876543210fedc', INFERENCE_MODEL: 'propensity-v2', INFERENCE_MAX_ITEMS: '50', INFERENCE_MODEL_POLL_MS: '5000' },
      identity,
    ).inference;
    expect(inference).toMatchObject({ apiKey: 'fedcba9876543210fedc', model: 'propensity-v2', maxItems: 50, modelPollMs: 5000 });
    expect(() => loadPlatformConfig({ INFERENCE_API_KEY: 'short-secret', INFERENCE_MAX_ITEMS: '0' }, identity)).toThrow(
      /INFERENCE_API_KEY=\(hidden\): expected at least 16 characters[\s\S]*INFERENCE_MAX_ITEMS="0": expected a whole number of 1 or more/,
    );
  });

  it('never echoes the password inside a wrong URL (compose passes them in REDIS_URL and DATABASE_URL)', () => {
    const attempt = () => loadPlatformConfig({ REDIS_URL: 'http://:s3cr3t-pw@redis:6379', DATABASE_URL: 'mysql://platform:pg-s3cr3t@db/platform' }, identity);
    expect(attempt).toThrow(/REDIS_URL="http:\/\/:\*\*\*@redis:6379": expected a redis:\/\/[\s\S]*DATABASE_URL="mysql:\/\/platform:\*\*\*@db\/platform": expected postgres/);
    expect(attempt).not.toThrow(/s3cr3t/);
  });

  it('wants the API key of a public app that listens beyond loopback, and only then', () => {
    const gateway = { app: 'ingest-gateway', defaultPort: 3001 };
    const inference = { app: 'inference-api', defaultPort: 8000 };
    expect(() => loadPlatformConfig({ HOST: '0.0.0.0' }, gateway)).toThrow(/INGEST_API_KEY: required when HOST=0.0.0.0 listens beyond loopback/);
    expect(() => loadPlatformConfig({ HOST: '10.0.0.5' }, inference)).toThrow(/INFERENCE_API_KEY: required when HOST=10.0.0.5 listens beyond loopback/);
    expect(() => loadPlatformConfig({ HOST: '0.0.0.0' }, { app: 'stream-processor', defaultPort: 3002 })).toThrow(/INGEST_API_KEY: required when HOST=0.0.0.0/);
    expect(loadPlatformConfig({ HOST: '0.0.0.0', INGEST_API_KEY: '0123456789abcdef0123' }, gateway).host).toBe('0.0.0.0');
    expect(loadPlatformConfig({ HOST: '127.0.0.1' }, inference).host).toBe('127.0.0.1');
    expect(() => loadPlatformConfig({ HOST: '0.0.0.0' }, { app: 'trainer', defaultPort: 3003 })).toThrow(/TRAINER_API_KEY: required when HOST=0.0.0.0/);
    expect(loadPlatformConfig({ HOST: '0.0.0.0', TRAINER_API_KEY: '0123456789abcdef0123' }, { app: 'trainer', defaultPort: 3003 }).trainer.apiKey).toBe('0123456789abcdef0123');
  });

  it('reads the trainer settings and names a bad one', () => {
    const trainer = loadPlatformConfig(
      { TRAINER_ROLE: 'worker', TRAIN_CRON: '0 3 * * *', PROMOTION_MIN_AUC_GAIN: '0.005', TRAINER_MODEL: 'clicks', TRAINER_TRIAL_EXECUTOR: 'kafka' },
      identity,
    ).trainer;
    expect(trainer).toEqual({ role: 'worker', model: 'clicks', trialExecutor: 'kafka', cron: '0 3 * * *', promotionMinAucGain: 0.005 });
    expect(() => loadPlatformConfig({ TRAINER_ROLE: 'boss', TRAINER_TRIAL_EXECUTOR: 'gpu', PROMOTION_MIN_AUC_GAIN: '-1' }, identity)).toThrow(
      /TRAINER_ROLE="boss": expected coordinator[\s\S]*TRAINER_TRIAL_EXECUTOR="gpu": expected threads[\s\S]*PROMOTION_MIN_AUC_GAIN="-1": expected a number of 0 or more/,
    );
  });

  it('reads the ingest settings and names a bad one', () => {
    const ingest = loadPlatformConfig(
      {
        INGEST_API_KEY: '0123456789abcdef0123',
        LAKE_NOTIFICATIONS: 'lake',
        INGEST_MAX_BODY_BYTES: '1048576',
        INGEST_BATCH_MAX_EVENTS: '100',
        REPLAY_CRON: '*/5 * * * *',
      },
      identity,
    ).ingest;
    expect(ingest).toMatchObject({ apiKey: '0123456789abcdef0123', lakeNotifications: 'lake', maxBodyBytes: 1048576, batchMaxEvents: 100 });
    expect(ingest.replay.cron).toBe('*/5 * * * *');
    expect(() => loadPlatformConfig({ LAKE_NOTIFICATIONS: 'minio', INGEST_API_KEY: 'short' }, identity)).toThrow(
      /INGEST_API_KEY=\(hidden\): expected at least 16 characters[\s\S]*LAKE_NOTIFICATIONS="minio": expected writer/,
    );
  });

  it('chooses the real adapters from their URLs', () => {
    const config = loadPlatformConfig(
      {
        LAKE_URL: 's3://',
        S3_ENDPOINT: 'http://127.0.0.1:9000',
        S3_ACCESS_KEY: 'key',
        S3_SECRET_KEY: 'secret',
        KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093',
        REDIS_URL: 'redis://127.0.0.1:6379/0',
        DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
        PORT: '8080',
      },
      identity,
    );
    expect(config.lake).toEqual({
      kind: 's3',
      endpoint: 'http://127.0.0.1:9000',
      region: 'us-east-1',
      accessKeyId: 'key',
      secretAccessKey: 'secret',
    });
    expect(config.kafka).toEqual({ kind: 'kafka', brokers: ['127.0.0.1:9092', '127.0.0.1:9093'], topicPartitions: 4 });
    expect(config.onlineStore).toEqual({ kind: 'redis', url: 'redis://127.0.0.1:6379/0' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u:p@127.0.0.1:5432/db' });
    expect(config.port).toBe(8080);
  });

  it('treats an empty variable as unset', () => {
    expect(loadPlatformConfig({ REDIS_URL: '', PORT: '' }, identity).onlineStore).toEqual({ kind: 'memory' });
  });

  it('names every bad variable with what it expects', () => {
    let error: unknown;
    try {
      loadPlatformConfig({ REDIS_URL: 'localhost:6379', PORT: 'eighty', KAFKA_BROKERS: 'kafka' }, identity);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.sort()).toEqual([
      'KAFKA_BROKERS="kafka": expected a comma-separated list of host:port brokers, e.g. 127.0.0.1:9092',
      'PORT="eighty": expected a port number from 0 to 65535',
      'REDIS_URL="localhost:6379": expected a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379',
    ]);
  });

  it('wants S3 credentials in pairs', () => {
    expect(() => loadPlatformConfig({ LAKE_URL: 's3://', S3_ACCESS_KEY: 'key' }, identity)).toThrow(
      /S3_ACCESS_KEY \/ S3_SECRET_KEY: expected both or neither/,
    );
  });
});
