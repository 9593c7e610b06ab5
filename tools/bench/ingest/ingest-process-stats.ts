import { readFileSync } from 'node:fs';
import { cpuSecondsOfTree } from '../stream/process-stats';

/** CPU seconds so far of each named process tree, plus this process (the bench and autocannon). */
export type CpuSnapshot = Record<string, number>;

export function cpuSnapshot(trees: Record<string, number>): CpuSnapshot {
  const own = process.cpuUsage();
  return {
    [MACHINE]: machineBusySeconds(),
    ...Object.fromEntries(Object.entries(trees).map(([name, pid]) => [name, cpuSecondsOfTree(pid)])),
    bench: (own.user + own.system) / 1e6,
  };
}

/** The key of the whole machine's busy CPU seconds (every process, ours and others'). */
export const MACHINE = 'machine (every process)';

/** Busy CPU seconds of all cores since boot, from the first line of /proc/stat (all but idle and iowait). */
function machineBusySeconds(): number {
  const first = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const ticks = first.trim().split(/\s+/).slice(1).map(Number);
  const busy = ticks.reduce((sum, value, i) => (i === 3 || i === 4 ? sum : sum + value), 0);
  return busy / 100; // USER_HZ
}

/** CPU seconds used between two snapshots, per process. */
export function cpuUsedBetween(before: CpuSnapshot, after: CpuSnapshot): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([name, seconds]) => [name, seconds - (before[name] ?? seconds)]));
}
