import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseConfig } from '@platform/app-runtime';
import { createScratchDatabase } from '@platform/testing';

/** A database of its own for one test file, and how to throw it away. */
export interface RegistryTestDatabase {
  config: DatabaseConfig;
  cleanup: () => Promise<void>;
}

/** A scratch database `registry_<random>` on the real PostgreSQL, dropped afterwards. */
export async function scratchPostgresDatabase(): Promise<RegistryTestDatabase> {
  const database = await createScratchDatabase('registry');
  return { config: { kind: 'postgres', url: database.url }, cleanup: database.drop };
}

/** A SQLite file in a fresh temporary folder, nested so that creating the parent folder is exercised. */
export async function temporarySqliteDatabase(): Promise<RegistryTestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'registry-'));
  return {
    config: { kind: 'sqlite', file: join(dir, 'nested', 'platform.db') },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}
