import { retryWithBackoff } from '@platform/common';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { readServicesEnv } from './services-env';

/** A PostgreSQL database of its own for one test run, and how to throw it away. */
export interface ScratchDatabase {
  name: string;
  url: string;
  drop: () => Promise<void>;
}

/**
 * Creates `<label>_<random>` on the dev PostgreSQL through its admin connection, so parallel runs
 * never see each other's rows. Fails (never skips) with the way out when PostgreSQL is down.
 */
export async function createScratchDatabase(label: string): Promise<ScratchDatabase> {
  const adminUrl = readServicesEnv().DATABASE_URL;
  const name = `${label.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => dropDatabase(adminUrl, name) };
}

/**
 * Retries: right after heavy inserts an autovacuum worker, or a backend still exiting, may hold the
 * database, which `DROP DATABASE ... WITH (FORCE)` run by a non-superuser cannot terminate ("must be
 * a member of the role whose process is being terminated").
 */
function dropDatabase(adminUrl: string, name: string): Promise<void> {
  return retryWithBackoff(
    async () => {
      await withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
    { maxAttempts: 10, initialDelayMs: 500, maxDelayMs: 3_000 },
  );
}

async function withAdmin<T>(adminUrl: string, work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`PostgreSQL at ${new URL(adminUrl).host} does not answer (${(error as Error).message}): run \`npm run services:up\``, {
      cause: error,
    });
  }
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
