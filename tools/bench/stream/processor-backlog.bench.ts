/**
 * The built stream processor (dist/apps/stream-processor/main.js) working off a backlog on the real
 * servers: its CPU per object and its peak RSS, without the full stream benchmark's phases. For
 * trying a change (or NODE_OPTIONS) on a shared machine in a minute or two.
 *
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/bench/stream/processor-backlog.bench.ts [objects=60]
 *
 * `STREAM_BENCH_CPU_PROFILE=<dir>` with `BACKLOG_NODE_OPTIONS="--require <abs path>/cpu-profile.preload.js"` profiles it.
 * `BACKLOG_NODE_OPTIONS` is given to the processor as NODE_OPTIONS; `BACKLOG_BUNDLE` runs another build
 * of it (e.g. of the commit before a change). Warm-up objects go first (not
 * counted); then the objects are written and announced by 8 writers while the processor consumes
 * them (4 partitions at once, as configured). CPU is read from /proc (user + system ticks).
 */
import { startBuiltServiceProcess } from '@platform/testing';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { benchObjects } from './bench-objects';
import { BenchRun, openBenchRun, waitForGroupOfOurOwn, writeAll } from './bench-run';
import { cpuSecondsOfTree, memoryOf } from './process-stats';
import { PROCESSOR_BUNDLE, STREAM_BENCH } from './stream-bench.config';

const ROOT = resolve(__dirname, '..', '..', '..');
const WARM_UP_OBJECTS = 10;
const WRITERS = 8;

async function untilProcessed(run: BenchRun, phase: string, objects: number, pid: number): Promise<void> {
  const started = Date.now();
  let shown = Date.now();
  for (let done = 0; done < objects; done = (await run.processed(phase)).count) {
    if (Date.now() - started > STREAM_BENCH.stallTimeoutMs * 2) throw new Error(`${phase}: ${done}/${objects} objects processed after ${STREAM_BENCH.stallTimeoutMs * 2} ms`);
    if (Date.now() - shown > STREAM_BENCH.progressEveryMs) {
      shown = Date.now();
      const rate = done / ((Date.now() - started) / 1000);
      const eta = rate > 0 ? `, ETA ${Math.round((objects - done) / rate)} s` : '';
      console.log(`${phase}: ${done}/${objects} objects (${rate.toFixed(1)}/s${eta}), RSS ${memoryOf(pid).rssMb.toFixed(0)} MB, load ${(loadavg()[0] ?? NaN).toFixed(1)}`);
    }
    await delay(250);
  }
}

/** The V8 heap spaces of the processor (its /metrics), in MB: what its RSS is made of. */
async function heapLine(url: string): Promise<string> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const mb = (bytes: string | undefined) => (Number(bytes) / 2 ** 20).toFixed(0);
  const spaces = [...text.matchAll(/^nodejs_heap_space_size_total_bytes\{space="(\w+)"\} (\S+)$/gm)].map(([, space, bytes]) => `${space} ${mb(bytes)}`);
  const used = /^nodejs_heap_size_used_bytes (\S+)$/m.exec(text)?.[1];
  const external = /^nodejs_external_memory_bytes (\S+)$/m.exec(text)?.[1];
  return `heap used ${mb(used)} MB, external ${mb(external)} MB; spaces (MB): ${spaces.join(', ')}`;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 60);
  if (!(Number.isInteger(count) && count >= 1)) throw new Error(`objects=${process.argv[2]}: expected a whole number ≥ 1 (first argument)`);
  const { eventsPerObject, seed } = STREAM_BENCH.throughput;
  const population = { users: STREAM_BENCH.users, products: STREAM_BENCH.products };
  const warmUp = benchObjects('warmup', { events: WARM_UP_OBJECTS * eventsPerObject, perObject: eventsPerObject, seed: seed + 7, ...population });
  const backlog = benchObjects('backlog', { events: count * eventsPerObject, perObject: eventsPerObject, seed, ...population });
  const run = await openBenchRun();
  await waitForGroupOfOurOwn(run, { timeoutMs: STREAM_BENCH.stallTimeoutMs });
  const nodeOptions = process.env['BACKLOG_NODE_OPTIONS'] ?? '';
  const processor = await startBuiltServiceProcess(process.env['BACKLOG_BUNDLE'] ?? join(ROOT, PROCESSOR_BUNDLE), {
    ...run.namespace.env,
    ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
    STREAM_BENCH_CPU_PROFILE: process.env['STREAM_BENCH_CPU_PROFILE'],
  });
  const pid = processor.child.pid as number;
  try {
    const startedRss = memoryOf(pid).rssMb;
    await writeAll(run, warmUp, WRITERS);
    await untilProcessed(run, 'warmup', warmUp.length, pid);
    const idleRss = memoryOf(pid).rssMb;
    console.log(`after warm-up: ${await heapLine(processor.url)}`);
    if (process.env['BACKLOG_SNAPSHOT_PAUSE']) {
      console.log(`pid ${pid}: paused ${process.env['BACKLOG_SNAPSHOT_PAUSE']} s (for a heap snapshot)`);
      await delay(Number(process.env['BACKLOG_SNAPSHOT_PAUSE']) * 1000);
    }
    const cpuBefore = cpuSecondsOfTree(pid);
    const load = loadavg()[0] ?? NaN;
    await Promise.all([writeAll(run, backlog, WRITERS), untilProcessed(run, 'backlog', backlog.length, pid)]);
    const cpuMs = ((cpuSecondsOfTree(pid) - cpuBefore) * 1000) / backlog.length;
    const { peakRssMb, rssMb } = memoryOf(pid);
    console.log(`at the end: ${await heapLine(processor.url)}`);
    console.log(
      `processor${nodeOptions ? ` (NODE_OPTIONS=${nodeOptions})` : ''}: ${cpuMs.toFixed(0)} ms CPU per ${eventsPerObject}-event object over ${backlog.length} objects; ` +
        `RSS ${startedRss.toFixed(0)} MB started, ${idleRss.toFixed(0)} MB after warm-up, ${rssMb.toFixed(0)} MB at the end, peak ${peakRssMb.toFixed(0)} MB; ` +
        `load average ${load.toFixed(1)} → ${(loadavg()[0] ?? NaN).toFixed(1)}`,
    );
  } finally {
    await processor.stop();
    await run.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
