/**
 * A uniform number in [0, 1) from an event id (FNV-1a): the same id always draws the same number,
 * so a capped sample keeps the same examples on every run and every machine.
 */
export function eventIdDraw(eventId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < eventId.length; i++) {
    hash ^= eventId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 4294967296;
}
