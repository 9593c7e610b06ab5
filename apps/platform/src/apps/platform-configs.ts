import { ConfigError, loadPlatformConfig, PlatformConfig } from '@platform/app-runtime';
import { AppName, PLATFORM_APPS } from './platform-apps';

/**
 * Each app's configuration from one environment (DESIGN.md section 3), as if each ran alone,
 * except: each app has its own port (`PORT`, when set, is the inference API's); the embedded online store is one keyspace for all four; logs default to warnings
 * so the progress lines stay readable. Throws `ConfigError` listing every bad variable.
 */
export function platformConfigs(env: NodeJS.ProcessEnv, ports: Record<AppName, number>): Record<AppName, PlatformConfig> {
  const configs = {} as Record<AppName, PlatformConfig>;
  const problems = new Set<string>();
  for (const { app, defaultPort } of PLATFORM_APPS) {
    const port = app === 'inference-api' ? (env['PORT'] ?? String(ports[app])) : String(ports[app as AppName]);
    const appEnv = { ...env, LOG_LEVEL: env['LOG_LEVEL'] ?? 'warn', PORT: port };
    try {
      const config = loadPlatformConfig(appEnv, { app, defaultPort });
      if (config.onlineStore.kind === 'memory') config.onlineStore = { kind: 'memory', shared: true };
      configs[app as AppName] = config;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      error.problems.forEach((problem) => problems.add(problem));
    }
  }
  if (problems.size > 0) throw new ConfigError([...problems]);
  return configs;
}

/** One line saying where the data lives, for the start banner. */
export function describeAdapters(config: PlatformConfig): string {
  const lake = config.lake.kind === 'file' ? `lake ${config.lake.root}` : `lake S3 ${config.lake.endpoint ?? ''}`.trim();
  const bus = config.kafka.kind === 'kafka' ? `Kafka ${config.kafka.brokers.join(',')}` : 'in-process bus';
  const online = config.onlineStore.kind === 'redis' ? 'Redis' : 'in-memory online store';
  const database = config.database.kind === 'sqlite' ? `SQLite ${config.database.file}` : 'PostgreSQL';
  return `${lake}, ${bus}, ${online}, ${database}`;
}
