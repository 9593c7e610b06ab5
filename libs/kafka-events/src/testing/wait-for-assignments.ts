import { Assignments, EventBusServer } from '../lib/delivery/group-assignments';

/**
 * Resolves when the servers (one consumer group) own disjoint, non-empty sets of `topic`'s
 * partitions that together cover all `partitions`: the group has settled. Re-checked on every
 * group join (kafkajs GROUP_JOIN), never polled.
 */
export function waitForAssignments(servers: EventBusServer[], topic: string, partitions: number, timeoutMs = 30_000): Promise<number[][]> {
  const owned = () => servers.map((server) => server.assignments()[topic] ?? []);
  const settled = () => {
    const sets = owned();
    const all = sets.flat();
    return sets.every((set) => set.length > 0) && all.length === partitions && new Set(all).size === partitions;
  };
  if (settled()) return Promise.resolve(owned());
  return new Promise((resolve, reject) => {
    const stops: (() => void)[] = [];
    const finish = (error?: Error) => {
      clearTimeout(timer);
      for (const stop of stops) stop();
      if (error) reject(error);
      else resolve(owned());
    };
    const timer = setTimeout(
      () => finish(new Error(`group did not settle on ${topic} within ${timeoutMs} ms: ${JSON.stringify(owned())}`)),
      timeoutMs,
    );
    for (const server of servers) {
      stops.push(server.onGroupJoin((_: Assignments) => settled() && finish()));
    }
  });
}
