import { readServicesEnv } from '@platform/dev-services';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { describeOfflineEventStoreContract } from '../testing/offline-event-store.contract';

describeOfflineEventStoreContract('PostgreSQL', async () => {
  const adminUrl = readServicesEnv().DATABASE_URL;
  const name = `offline_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect().catch((error: Error) => {
    throw new Error(`PostgreSQL at ${adminUrl} does not answer (${error.message}): run npm run services:up`);
  });
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    config: { kind: 'postgres', url: url.toString() },
    drop: async () => {
      const cleanup = new Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
});
