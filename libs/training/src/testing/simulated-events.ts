import { parseEvents } from '@platform/events';
import { OfflineEventStore, SourcedEvent } from '@platform/offline-store';
import { generateClickstream, SimulatorOptions } from '@platform/simulator';
import { Readable } from 'node:stream';

/**
 * Generates a simulated clickstream, cleans it through libs/events and stores it in the offline
 * store as objects of `perObject` events, as the stream processor would; returns the count.
 */
export async function storeSimulatedEvents(store: OfflineEventStore, options: Omit<SimulatorOptions, 'format'>, perObject = 50_000): Promise<number> {
  const input = Readable.from(generateClickstream({ ...options, format: 'ndjson' }));
  let object: SourcedEvent[] = [];
  let part = 0;
  let stored = 0;
  const flush = async () => {
    if (object.length === 0) return;
    await store.storeObject({ bucket: 'bronze', key: `bronze/simulated/seed-${options.seed}/part-${part++}.ndjson`, eTag: 'simulated' }, object, 0);
    stored += object.length;
    object = [];
  };
  for await (const batch of parseEvents(input, { format: 'ndjson', source: `simulated/${options.seed}` })) {
    for (const record of batch) {
      if (!record.ok) throw new Error(`the simulator wrote an invalid line ${record.line}: ${JSON.stringify(record.rejections)}`);
      object.push({ event: record.event, line: record.line });
    }
    if (object.length >= perObject) await flush();
  }
  await flush();
  return stored;
}
