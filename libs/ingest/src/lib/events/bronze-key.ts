import { monotonicFactory } from 'ulid';

const nextUlid = monotonicFactory();

/**
 * `bronze/events/dt=YYYY-MM-DD/hour=HH/<ulid>.ndjson.gz` (DESIGN.md section 4). Date and hour are
 * the batch's write time in UTC, not the events' times: a batch may hold events of many hours,
 * and partitions by arrival make "what came in since" a prefix listing. ULIDs sort by time
 * (monotonic within a millisecond), so key order is write order.
 */
export function bronzeKeyFor(writtenAt: Date, id: string = nextUlid(writtenAt.getTime())): string {
  const iso = writtenAt.toISOString();
  return `bronze/events/dt=${iso.slice(0, 10)}/hour=${iso.slice(11, 13)}/${id}.ndjson.gz`;
}
