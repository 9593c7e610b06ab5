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
 * CPU seconds of the PostgreSQL backends serving one database (their title is
 * `postgres: <user> <database> <client> <state>`), followed over a phase by `sample()` calls: a
 * backend that exits takes its counters with it (they move to the postmaster's reaped-children
 * total, shared with every other database), so each is counted from when it was first seen to
 * when it was last seen. Sample every few hundred ms.
 */
export class PostgresBackendCpu {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();

  constructor(
    private readonly postmaster: number,
    private readonly database: string,
  ) {}

  sample(): void {
    for (const stat of descendantStats(this.postmaster)) {
      if (stat.pid === this.postmaster || readCmdline(stat.pid).split(' ')[2] !== this.database) continue;
      if (!this.first.has(stat.pid)) this.first.set(stat.pid, stat.ticks);
      this.last.set(stat.pid, stat.ticks);
    }
  }

  seconds(): number {
    let ticks = 0;
    for (const [pid, last] of this.last) ticks += last - (this.first.get(pid) ?? last);
    return ticks / CLOCK_TICKS_PER_SECOND;
  }
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
