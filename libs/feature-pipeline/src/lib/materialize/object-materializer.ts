import { LakeObjectId } from '@platform/common';
import { FeatureTtl, KeyUpdate, reduceEvents } from '@platform/features';
import { EventTimeRange, OfflineEventStore, SourcedEvent } from '@platform/offline-store';
import type { OnlineFeatureStore } from '@platform/redis-feature-store';
import { CHUNK_LINES, chunkBatchId } from '../chunk-batch-id';

/** What folding one object into a generation did. */
export interface MaterializedObject {
  events: number;
  /** Key updates applied now (chunks the guards had already seen count 0). */
  keys: number;
  chunks: number;
}

/**
 * Folds one object's clean events from the offline store into `store` exactly as the live stream
 * did (DESIGN.md sections 6 and 13): the same fixed line ranges, the same reducer, the same guard
 * ids, so each chunk counts once in the generation whoever applies it first.
 */
export async function materializeObject(
  store: OnlineFeatureStore,
  offline: OfflineEventStore,
  id: LakeObjectId,
  ttl: FeatureTtl,
  range: EventTimeRange = {},
  onUpdates?: (updates: readonly KeyUpdate[]) => void,
): Promise<MaterializedObject> {
  const done: MaterializedObject = { events: 0, keys: 0, chunks: 0 };
  let pending: SourcedEvent[] = [];
  let chunk = -1;
  const flush = async () => {
    if (pending.length === 0) return;
    const events = pending.map(({ event }) => event);
    let newest = -Infinity;
    for (const event of events) if (event.event_time_ms > newest) newest = event.event_time_ms;
    const updates = reduceEvents(events, ttl);
    onUpdates?.(updates);
    const result = await store.applyBatch({ batchId: chunkBatchId(id, chunk, range), updates, newestEventAt: newest });
    done.events += events.length;
    done.chunks++;
    if (result.appliedGroups > 0) done.keys += Math.round((updates.length * result.appliedGroups) / result.groups);
    pending = [];
  };
  for await (const page of offline.objectEvents(id, { ...range, pageSize: CHUNK_LINES })) {
    for (const sourced of page) {
      const sourcedChunk = Math.floor((sourced.line - 1) / CHUNK_LINES);
      if (sourcedChunk !== chunk) {
        await flush();
        chunk = sourcedChunk;
      }
      pending.push(sourced);
    }
  }
  await flush();
  return done;
}
