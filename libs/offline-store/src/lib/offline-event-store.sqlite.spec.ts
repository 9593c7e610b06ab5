import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeOfflineEventStoreContract } from '../testing/offline-event-store.contract';

describeOfflineEventStoreContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'offline-store-'));
  return { config: { kind: 'sqlite', file: join(dir, 'platform.db') }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
});
