import { generateClickstream } from '@platform/simulator';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { formatCount, say, StageProgress } from './stage-progress';

/**
 * Writes a simulated REES46-shaped stream to `<dir>/simulated-<events>-seed<seed>.csv.gz` and
 * returns its path. The generator is deterministic, so a file already there is reused as is.
 */
export async function simulateStream(dir: string, events: number, seed: number): Promise<string> {
  const file = join(dir, `simulated-${events}-seed${seed}.csv.gz`);
  if (existsSync(file)) {
    say(`simulate   reusing ${file} (same events and seed give the same stream)`);
    return file;
  }
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  const progress = new StageProgress('simulate', events, 'events');
  const gzip = createGzip({ level: 6 });
  const written = pipeline(gzip, createWriteStream(partial));
  let lines = 0;
  try {
    for (const chunk of generateClickstream({ events, seed })) {
      lines += countLines(chunk);
      progress.update(Math.min(lines, events));
      if (!gzip.write(chunk)) await once(gzip, 'drain');
    }
    gzip.end();
    await written;
  } catch (error) {
    progress.abandon();
    gzip.destroy();
    throw error;
  }
  renameSync(partial, file);
  progress.done(`${formatCount(events)} events (seed ${seed}) → ${file}`);
  return file;
}

function countLines(chunk: Buffer): number {
  let n = 0;
  for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) n++;
  return n;
}
