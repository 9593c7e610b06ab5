import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from './workspace-root';

/** The real servers' addresses, from the one file that holds them (tools/dev-services/services.env). */
export interface ServicesEnv {
  REDIS_URL: string;
  DATABASE_URL: string;
  KAFKA_BROKERS: string;
  S3_ENDPOINT: string;
  S3_ACCESS_KEY: string;
  S3_SECRET_KEY: string;
  S3_REGION: string;
  PROMETHEUS_URL: string;
}

const REQUIRED: (keyof ServicesEnv)[] = [
  'REDIS_URL',
  'DATABASE_URL',
  'KAFKA_BROKERS',
  'S3_ENDPOINT',
  'S3_ACCESS_KEY',
  'S3_SECRET_KEY',
  'S3_REGION',
  'PROMETHEUS_URL',
];

const SERVICES_ENV_FILE = join(WORKSPACE_ROOT, 'tools', 'dev-services', 'services.env');

export function readServicesEnv(): ServicesEnv {
  if (!existsSync(SERVICES_ENV_FILE)) throw new Error(`${SERVICES_ENV_FILE} is missing`);
  const values: Record<string, string> = {};
  for (const line of readFileSync(SERVICES_ENV_FILE, 'utf8').split('\n')) {
    const [, key, value] = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line) ?? [];
    if (key !== undefined && value !== undefined) values[key] = value.trim().replace(/^["']|["']$/g, '');
  }
  const missing = REQUIRED.filter((key) => !values[key]);
  if (missing.length > 0) throw new Error(`${SERVICES_ENV_FILE} lacks ${missing.join(', ')}`);
  return values as unknown as ServicesEnv;
}
