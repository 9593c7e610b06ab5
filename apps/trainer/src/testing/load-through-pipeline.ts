import { LakeObjectProcessor, ObjectLetters, ObjectOutcome } from '@platform/feature-pipeline';
import type { DeadLetter } from '@platform/kafka-events';
import { OfflineEventStore } from '@platform/offline-store';
import { createOnlineFeatureStore } from '@platform/redis-feature-store';
import { Lake } from '@platform/s3-lake';
import { createReadStream } from 'node:fs';
import { basename, join } from 'node:path';

/** The REES46 slice of the acceptance test (read in place, never copied into the repo). */
export const REES46_NOVEMBER_HEAD = join(__dirname, '../../../../../shared/data/rees46/2019-Nov-head-300k.csv.gz');

/**
 * Loads a REES46 file into the offline store through the stream processor's own work: the file is
 * written to bronze as it is, and `LakeObjectProcessor` parses, cleans, dead-letters and stores it,
 * as the running processor does for an announced object (the online store is a throwaway here).
 */
export async function loadThroughPipeline(lake: Lake, offline: OfflineEventStore, file: string): Promise<{ outcome: ObjectOutcome; letters: DeadLetter[] }> {
  const key = `bronze/rees46/${basename(file)}`;
  const written = await lake.put({ bucket: 'bronze', key, body: createReadStream(file), contentType: 'text/csv' });
  const letters: DeadLetter[] = [];
  const online = createOnlineFeatureStore({ kind: 'memory' });
  try {
    const processor = new LakeObjectProcessor(lake, online, offline, { maxInflatedBytes: 1 << 30 });
    const sink = { send: async (batch: readonly DeadLetter[]) => void letters.push(...batch) };
    const outcome = await processor.process({ bucket: 'bronze', key, eTag: written.eTag, size: written.size }, { letters: new ObjectLetters(sink) });
    return { outcome, letters };
  } finally {
    await online.close();
  }
}
