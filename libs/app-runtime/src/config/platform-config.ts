/** The validated, typed configuration every app reads (never `process.env` directly). */
export type LakeConfig =
  | { kind: 'file'; root: string }
  | { kind: 's3'; endpoint?: string; region: string; accessKeyId?: string; secretAccessKey?: string };

export type KafkaConfig = { kind: 'in-process' } | { kind: 'kafka'; brokers: string[]; topicPartitions: number };

export type OnlineStoreConfig = { kind: 'memory' } | { kind: 'redis'; url: string };

export type DatabaseConfig = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** Name prefixes that let several deployments (or test runs) share one set of servers. */
export interface NamespaceConfig {
  bucketPrefix: string;
  redisKeyPrefix: string;
  topicPrefix: string;
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
}
