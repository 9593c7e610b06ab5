import { FeatureState, reduceEvents } from '@platform/features';
import { OfflineEventStore } from '@platform/offline-store';

/** The offline replay of every clean event in PostgreSQL: the reducer's result the online store must equal. */
export async function offlineFeatures(store: OfflineEventStore): Promise<FeatureState> {
  const state = new FeatureState();
  for await (const page of store.eventsInTimeOrder()) state.apply(reduceEvents(page));
  return state;
}

/**
 * Where the Redis hashes and the offline records differ (at most `limit` differences), values
 * compared as the stores write them: numbers by value, text exactly. Empty when they are equal.
 */
export function featureDifferences(online: Map<string, Record<string, string>>, offline: FeatureState, limit = 20): string[] {
  const differences: string[] = [];
  const note = (text: string) => differences.length < limit && differences.push(text);
  for (const key of offline.keys()) if (!online.has(key)) note(`${key}: only offline`);
  for (const [key, hash] of online) {
    const record = offline.read(key);
    if (!record) {
      note(`${key}: only online`);
      continue;
    }
    const fields = new Set([...Object.keys(hash), ...Object.keys(record)]);
    for (const field of fields) {
      const stored = hash[field];
      const expected = record[field];
      const same = typeof expected === 'number' ? stored !== undefined && Number(stored) === expected : stored === expected;
      if (!same) note(`${key}.${field}: online ${JSON.stringify(stored)}, offline ${JSON.stringify(expected)}`);
    }
  }
  return differences;
}
