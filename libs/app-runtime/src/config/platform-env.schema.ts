import { z } from 'zod';

/**
 * Every environment variable the platform reads, with its rule and embedded default
 * (DESIGN.md section 3). The message of each rule says what the variable expects, because it is
 * printed as-is when start-up fails.
 */
const url = (schemes: string[], expected: string) =>
  z.string().refine((value) => {
    try {
      return schemes.includes(new URL(value).protocol.replace(/:$/, ''));
    } catch {
      return false;
    }
  }, `expected ${expected}`);

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const port = z.coerce
  .number({ error: 'expected a port number from 0 to 65535' })
  .int('expected a port number from 0 to 65535')
  .min(0, 'expected a port number from 0 to 65535')
  .max(65535, 'expected a port number from 0 to 65535');

const positiveInteger = (example: string) =>
  z.coerce
    .number({ error: `expected ${example}` })
    .int(`expected a whole number: ${example}`)
    .min(1, `expected a whole number of 1 or more: ${example}`);

const brokerList = z
  .string()
  .refine(
    (value) => value.split(',').every((broker) => /^[^\s:,]+:\d{1,5}$/.test(broker.trim())),
    'expected a comma-separated list of host:port brokers, e.g. 127.0.0.1:9092',
  );

export const platformEnvSchema = z.object({
  LAKE_URL: optional(url(['file', 's3'], 'file://<directory> or s3:// (with S3_ENDPOINT)')),
  S3_ENDPOINT: optional(url(['http', 'https'], 'an http(s):// URL of the S3 server, e.g. http://127.0.0.1:9000')),
  S3_ACCESS_KEY: optional(z.string()),
  S3_SECRET_KEY: optional(z.string()),
  S3_REGION: optional(z.string().regex(/^[a-z0-9-]+$/, 'expected a region name such as us-east-1')),
  KAFKA_BROKERS: optional(brokerList),
  REDIS_URL: optional(url(['redis', 'rediss'], 'a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379')),
  DATABASE_URL: optional(
    url(['postgres', 'postgresql', 'sqlite'], 'postgres://user:password@host:port/db or sqlite://<file>'),
  ),
  HOST: optional(z.string().min(1)),
  PORT: optional(port),
  LOG_LEVEL: optional(z.enum(['error', 'warn', 'log', 'debug', 'verbose'], {
    error: 'expected one of error, warn, log, debug, verbose',
  })),
  LAKE_BUCKET_PREFIX: optional(z.string().regex(/^[a-z0-9][a-z0-9.-]{0,30}$/, 'expected lower-case letters, digits, dots and dashes (at most 31), e.g. staging-')),
  REDIS_KEY_PREFIX: optional(z.string().regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'expected up to 64 letters, digits and : _ . -, e.g. staging:')),
  KAFKA_TOPIC_PREFIX: optional(z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected up to 64 letters, digits and . _ -, e.g. staging.')),
  BUILD_VERSION: optional(z.string().max(64)),
  BUILD_COMMIT: optional(z.string().max(64)),
  INGEST_API_KEY: optional(z.string().min(16, 'expected at least 16 characters (e.g. openssl rand -hex 32)')),
  LAKE_NOTIFICATIONS: optional(z.enum(['writer', 'lake'], { error: 'expected writer (the gateway announces its objects) or lake (MinIO sends its own notifications)' })),
  INGEST_MAX_BODY_BYTES: optional(positiveInteger('a size in bytes, e.g. 16777216')),
  INGEST_MAX_INFLATED_BYTES: optional(positiveInteger('a size in bytes, e.g. 67108864')),
  INGEST_BATCH_MAX_EVENTS: optional(positiveInteger('a number of events, e.g. 5000')),
  INGEST_BATCH_MAX_DELAY_MS: optional(positiveInteger('a delay in milliseconds, e.g. 200')),
  INGEST_BULK_LOAD_DIR: optional(z.string().min(1)),
  INGEST_BULK_LOAD_MAX_JOBS: optional(positiveInteger('a number of bulk loads running at once, e.g. 2')),
  REPLAY_CRON: optional(z.string().regex(/^\S+( +\S+){4,5}$/, 'expected a cron expression of 5 or 6 fields, e.g. "*/5 * * * *"')),
  REPLAY_PREFIX: optional(z.string().max(1024)),
  REPLAY_OBJECTS_PER_TICK: optional(positiveInteger('a number of objects, e.g. 1')),
  REPLAY_TICK_MS: optional(positiveInteger('a delay in milliseconds, e.g. 1000')),
  INFERENCE_API_KEY: optional(z.string().min(16, 'expected at least 16 characters (e.g. openssl rand -hex 32)')),
  INFERENCE_MODEL: optional(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'expected a registered model name, e.g. purchase-propensity')),
  INFERENCE_MAX_ITEMS: optional(positiveInteger('a number of items per request, e.g. 1000')),
  INFERENCE_MAX_BODY_BYTES: optional(positiveInteger('a size in bytes, e.g. 1048576')),
  INFERENCE_MODEL_POLL_MS: optional(positiveInteger('a delay in milliseconds, e.g. 60000')),
  INFERENCE_DRIFT_WINDOW: optional(positiveInteger('a number of served items, e.g. 10000')),
  KAFKA_SESSION_TIMEOUT_MS: optional(
    z.coerce.number().int().min(1000, 'expected milliseconds, 1000 or more').max(300_000, 'expected milliseconds, at most 300000'),
  ),
  TRAINER_ROLE: optional(z.enum(['coordinator', 'worker'], { error: 'expected coordinator (REST, CLI, trainer.requests) or worker (runs trainer.trials)' })),
  TRAINER_API_KEY: optional(z.string().min(16, 'expected at least 16 characters (e.g. openssl rand -hex 32)')),
  TRAINER_TRIAL_EXECUTOR: optional(z.enum(['threads', 'kafka'], { error: 'expected threads (worker threads of the trainer) or kafka (trainer.trials for TRAINER_ROLE=worker processes)' })),
  TRAINER_MODEL: optional(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'expected a model name: letters, digits, ".", "_" or "-", e.g. purchase-propensity')),
  TRAIN_CRON: optional(z.string().regex(/^\S+( +\S+){4,5}$/, 'expected a cron expression of 5 or 6 fields, e.g. "0 3 * * *"')),
  PROMOTION_MIN_AUC_GAIN: optional(z.coerce.number({ error: 'expected a number, e.g. 0.001' }).min(0, 'expected a number of 0 or more, e.g. 0.001').max(1, 'expected at most 1')),
  KAFKA_TOPIC_PARTITIONS: optional(
    z.coerce.number().int().min(1, 'expected a whole number of partitions, 1 or more'),
  ),
});
