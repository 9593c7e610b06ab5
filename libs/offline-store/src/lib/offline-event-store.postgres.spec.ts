import { createScratchDatabase } from '@platform/testing';
import { describeOfflineEventStoreContract } from '../testing/offline-event-store.contract';

describeOfflineEventStoreContract('PostgreSQL', async () => {
  const database = await createScratchDatabase('offline');
  return { config: { kind: 'postgres', url: database.url }, drop: database.drop };
});
