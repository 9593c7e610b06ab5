/** The validated, typed configuration every app reads (never `process.env` directly). */
export type LakeConfig =
  | { kind: 'file'; root: string }
  | { kind: 's3'; endpoint?: string; region: string; accessKeyId?: string; secretAccessKey?: string };

type KafkaConfig =
  | { kind: 'in-process' }
  | { kind: 'kafka'; brokers: string[]; topicPartitions: number; sessionTimeoutMs?: number };

/**
 * `shared` (memory only): every shared memory store of the process uses one keyspace, as several
 * connections to one Redis would (`npm start` runs all four apps in one process).
 */
export type OnlineStoreConfig = { kind: 'memory'; shared?: boolean } | { kind: 'redis'; url: string };

export type DatabaseConfig = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** Name prefixes that let several deployments (or test runs) share one set of servers. */
interface NamespaceConfig {
  bucketPrefix: string;
  redisKeyPrefix: string;
  topicPrefix: string;
}

/** How the ingest gateway takes events in (apps/ingest-gateway, libs/ingest). */
export interface IngestConfig {
  /** `INGEST_API_KEY`: when set, the ingest endpoints want it in the `x-api-key` header. */
  apiKey?: string;
  /**
   * `LAKE_NOTIFICATIONS`: who announces a new lake object on `data_streaming` (DESIGN.md section 4):
   * `writer` (default: the gateway publishes after its PUT) or `lake` (MinIO sends its own).
   */
  lakeNotifications: 'writer' | 'lake';
  /** `INGEST_MAX_BODY_BYTES`: largest `POST /events` body (default 16 MiB). */
  maxBodyBytes: number;
  /**
   * `INGEST_MAX_INFLATED_BYTES`: largest decompressed size of a request body and of a lake object
   * the stream processor reads (default 64 MiB): a gzip bomb stops inflating there.
   */
  maxInflatedBytes: number;
  /** `INGEST_BATCH_MAX_EVENTS` / `INGEST_BATCH_MAX_DELAY_MS`: a bronze object is written at this many events or after this delay. */
  batchMaxEvents: number;
  batchMaxDelayMs: number;
  /**
   * `INGEST_BULK_LOAD_DIR`: the folder `POST /bulk-loads` may read files from (default `.data/import`,
   * never the working directory); a path is checked after resolving symlinks.
   */
  bulkLoadDir: string;
  /** `INGEST_BULK_LOAD_MAX_JOBS`: bulk loads one gateway runs at once (default 2); one more is a 429. */
  bulkLoadMaxJobs: number;
  /** The scheduled replay of `datasource` into `bronze`: `REPLAY_CRON` (unset: on demand only), `REPLAY_PREFIX`, `REPLAY_OBJECTS_PER_TICK`, `REPLAY_TICK_MS`. */
  replay: { cron?: string; prefix: string; objectsPerTick: number; tickMs: number };
}

/** How the inference API serves (apps/inference-api, libs/serving). */
export interface InferenceConfig {
  /** `INFERENCE_API_KEY`: when set, `POST /predict` wants it in the `x-api-key` header. */
  apiKey?: string;
  /** `INFERENCE_MODEL`: the registered model whose `champion` is served (default `purchase-propensity`). */
  model: string;
  /** `INFERENCE_MAX_ITEMS`: items per request (default 1000); more is a 413. */
  maxItems: number;
  /** `INFERENCE_MAX_BODY_BYTES`: largest `POST /predict` body (default 1 MiB); more is a 413. */
  maxBodyBytes: number;
  /** `INFERENCE_MODEL_POLL_MS`: how often the champion is checked besides `model.promoted` (default 60000). */
  modelPollMs: number;
  /** `INFERENCE_DRIFT_WINDOW`: served items in the drift monitor's sliding window (default 10000). */
  driftWindow: number;
}

/** How the trainer runs (apps/trainer, libs/training). */
export interface TrainerConfig {
  /** `TRAINER_ROLE`: `coordinator` (default: REST, CLI, `trainer.requests`, schedule) or `worker` (runs `trainer.trials`). */
  role: 'coordinator' | 'worker';
  /** `TRAINER_MODEL`: the registered model trainings produce unless asked otherwise (default `purchase-propensity`). */
  model: string;
  /** `TRAINER_TRIAL_EXECUTOR`: where a training's trials run unless it asks otherwise: `threads` (default) or `kafka` (`trainer.trials`). */
  trialExecutor: 'threads' | 'kafka';
  /** `TRAINER_API_KEY`: when set, the REST API (`/train`, `/runs`, `/models`) wants it in the `x-api-key` header. */
  apiKey?: string;
  /** `TRAIN_CRON`: a training on this schedule (UTC); unset: on demand only. */
  cron?: string;
  /** `PROMOTION_MIN_AUC_GAIN`: test ROC-AUC a new version must gain over the champion to take its alias (default 0.001). */
  promotionMinAucGain: number;
}

export interface PlatformConfig {
  app: string;
  host: string;
  port: number;
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  lake: LakeConfig;
  kafka: KafkaConfig;
  onlineStore: OnlineStoreConfig;
  database: DatabaseConfig;
  namespaces: NamespaceConfig;
  /** Shown as `build_info{version,commit}`; set by the image build. */
  build: { version: string; commit: string };
  ingest: IngestConfig;
  inference: InferenceConfig;
  trainer: TrainerConfig;
}
