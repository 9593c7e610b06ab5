import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseConfig } from '@platform/app-runtime';
import { Client } from 'pg';

/** A database of its own for one test file, and how to throw it away. */
export interface RegistryTestDatabase {
  config: DatabaseConfig;
  cleanup: () => Promise<void>;
}

/**
 * A scratch database `registry_<random>` on the real PostgreSQL, created through the admin
 * connection and dropped afterwards, so parallel test runs never see each other's rows.
 */
export async function scratchPostgresDatabase(adminUrl: string): Promise<RegistryTestDatabase> {
  const name = `registry_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    config: { kind: 'postgres', url: url.toString() },
    cleanup: () => withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** A SQLite file in a fresh temporary folder, nested so that creating the parent folder is exercised. */
export async function temporarySqliteDatabase(): Promise<RegistryTestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'registry-'));
  return {
    config: { kind: 'sqlite', file: join(dir, 'nested', 'platform.db') },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function withAdmin<T>(adminUrl: string, work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL at ${new URL(adminUrl).host} is not reachable (${(error as Error).message}): run \`npm run services:up\``,
    );
  }
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
