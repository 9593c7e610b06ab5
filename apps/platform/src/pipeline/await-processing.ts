import { INestApplication } from '@nestjs/common';
import { OfflineEventStore, SettledObjects } from '@platform/offline-store';
import { setTimeout as delay } from 'node:timers/promises';
import { formatCount, StageProgress } from './stage-progress';

/** No object settled for this long while some are due: the processor is stuck, say so rather than wait forever. */
const STALL_MS = 180_000;
const POLL_MS = 250;

/**
 * Waits until the stream processor has settled (processed or dead-lettered) every replayed object
 * of a load, showing the clean events stored in both stores as they arrive.
 */
export async function awaitProcessing(processor: INestApplication, keyPrefix: string, objects: number, expectedEvents: number): Promise<SettledObjects> {
  const offline = processor.get(OfflineEventStore);
  const progress = new StageProgress('process', expectedEvents, 'events');
  let last = -1;
  let lastChange = performance.now();
  for (;;) {
    const settled = await offline.settledObjectsUnder(keyPrefix);
    progress.update(settled.events + settled.rejected, `${settled.objects}/${objects} objects`);
    if (settled.objects >= objects) {
      const dead = settled.deadLettered > 0 ? `, ${settled.deadLettered} objects dead-lettered (see data_streaming.dlq)` : '';
      progress.done(`${formatCount(settled.events)} clean events in the online and offline stores, ${formatCount(settled.rejected)} records rejected${dead}`);
      return settled;
    }
    if (settled.objects !== last) {
      last = settled.objects;
      lastChange = performance.now();
    } else if (performance.now() - lastChange > STALL_MS) {
      progress.abandon();
      throw new Error(
        `the stream processor settled no object of ${keyPrefix} for ${STALL_MS / 1000} s (${settled.objects}/${objects} done): ` +
          'run again with LOG_LEVEL=log to see what it is doing',
      );
    }
    await delay(POLL_MS);
  }
}
