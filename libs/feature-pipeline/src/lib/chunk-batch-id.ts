import { LakeObjectId, lakeObjectIdText } from '@platform/common';
import type { EventTimeRange } from '@platform/offline-store';

/**
 * Lines per chunk. A chunk is a fixed line range of its object, so its guard names the same events
 * after any restart, with any configuration (DESIGN.md section 13): a constant, never a setting.
 */
export const CHUNK_LINES = 50_000;

/**
 * The guard id of an object's chunk (0-based), written in this one place: the live stream and a
 * materialize use the same ids, so a chunk counts once in a generation whoever applies it first.
 * A chunk cut by a materialize's event-time range holds fewer events: it gets guards of its own.
 */
export function chunkBatchId(id: LakeObjectId, chunk: number, range: EventTimeRange = {}): string {
  const first = chunk * CHUNK_LINES + 1;
  const base = `${lakeObjectIdText(id)}#lines:${first}-${first + CHUNK_LINES - 1}`;
  return range.fromMs === undefined && range.toMs === undefined ? base : `${base}#range:${range.fromMs ?? ''}-${range.toMs ?? ''}`;
}
