import { ConfigError, loadPlatformConfig, PlatformConfig } from '@platform/app-runtime';

/** The gateway's configuration from the environment, as the app reads it; a bad variable exits 1 naming it. */
export function loadCliConfig(): PlatformConfig {
  try {
    return loadPlatformConfig(process.env, { app: 'ingest-gateway', defaultPort: 3001 });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) process.stderr.write(`ingest: invalid configuration: ${problem}\n`);
    process.exit(1);
  }
}
