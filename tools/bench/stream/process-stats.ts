import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** Peak and current resident set of a process, from /proc/<pid>/status (Linux). */
export function memoryOf(pid: number): { peakRssMb: number; rssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { peakRssMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
}

/**
 * CPU seconds used so far by a process and its descendants (live ones, plus the children they
 * already reaped: PostgreSQL backends come and go). 0 when the process is gone.
 */
export function cpuSecondsOfTree(root: number): number {
  let ticks = 0;
  for (const stat of descendantStats(root)) ticks += stat.ticks;
  return ticks / CLOCK_TICKS_PER_SECOND;
}

/**
 * PostgreSQL's CPU seconds split in two: the live backends serving `database` (their title is
 * `postgres: <user> <database> <client> <state>`), and the rest of the server (other databases'
 * backends, the WAL writer, checkpointer, autovacuum...), which other work on the machine shares.
 */
export function postgresCpuSeconds(postmaster: number, database: string): { database: number; rest: number } {
  let mine = 0;
  let all = 0;
  for (const stat of descendantStats(postmaster)) {
    all += stat.ticks;
    const title = stat.pid === postmaster ? '' : readCmdline(stat.pid);
    if (title.split(' ')[2] === database) mine += stat.ticks;
  }
  return { database: mine / CLOCK_TICKS_PER_SECOND, rest: (all - mine) / CLOCK_TICKS_PER_SECOND };
}

interface ProcStat {
  pid: number;
  parent: number;
  /** utime + stime + cutime + cstime. */
  ticks: number;
}

/** /proc/<pid>/stat of `root` and every live process below it. */
function descendantStats(root: number): ProcStat[] {
  const stats = new Map<number, ProcStat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = readFileSync(join('/proc', entry, 'stat'), 'utf8');
      // The command name may hold spaces and parentheses: fields are counted after its last ')'.
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
      stats.set(Number(entry), { pid: Number(entry), parent: Number(fields[1]), ticks });
    } catch {
      // exited while we looked
    }
  }
  const below: ProcStat[] = [];
  for (const stat of stats.values()) {
    for (let at: number | undefined = stat.pid; at !== undefined && at > 1; at = stats.get(at)?.parent) {
      if (at === root) {
        below.push(stat);
        break;
      }
    }
  }
  return below;
}

function readCmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

/** The dev servers' process ids, as `services.sh status` reports them. */
export function devServerPids(workspace: string): Record<string, number> {
  let output: string;
  try {
    output = execFileSync('bash', [join(workspace, 'tools/dev-services/services.sh'), 'status'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? '');
  }
  const pids: Record<string, number> = {};
  for (const line of output.split('\n')) {
    const [, name, pid] = /^(\w+)\s+up\s+(\d+)\*?\s/.exec(line) ?? []; // '*': started from another checkout
    if (name !== undefined && pid !== undefined) pids[name] = Number(pid);
  }
  return pids;
}
