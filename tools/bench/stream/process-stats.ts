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
  const stats = new Map<number, { parent: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = readFileSync(join('/proc', entry, 'stat'), 'utf8');
      // The command name may hold spaces and parentheses: fields are counted after its last ')'.
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
      stats.set(Number(entry), { parent: Number(fields[1]), ticks: utime + stime + cutime + cstime });
    } catch {
      // exited while we looked
    }
  }
  let ticks = 0;
  for (const [pid, stat] of stats) {
    for (let at: number | undefined = pid; at !== undefined && at > 1; at = stats.get(at)?.parent) {
      if (at === root) {
        ticks += stat.ticks;
        break;
      }
    }
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
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
    const match = /^(\w+)\s+up\s+(\d+)\s/.exec(line);
    if (match) pids[match[1]] = Number(match[2]);
  }
  return pids;
}
