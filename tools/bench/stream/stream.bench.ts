/**
 * End-to-end benchmark of the stream processor (issues 5 and 12): the BUILT app
 * (dist/apps/stream-processor/main.js, as its image runs it) against the dev servers (Kafka, S3,
 * Redis, PostgreSQL), first as one replica, then as two replicas in one consumer group.
 *
 *   npx nx build stream-processor && npm run bench -- stream
 *   (STREAM_BENCH_EVENTS=100000 for a quick run; STREAM_BENCH_CPU_PROFILE=<dir> writes a CPU profile of
 *   each processor there when it stops; STREAM_BENCH_PROCESSOR_NODE_OPTIONS='--max-semi-space-size=32' tries
 *   Node/V8 options on the processors, and the section records them; STREAM_BENCH_REPLICAS=1 skips the
 *   two-replica phase)
 *
 * In a fresh namespace (database, buckets, Redis key prefix, topic prefix; all removed at the end):
 * 1. warm-up: a few objects, not measured;
 * 2. latency: 1,000-event objects written and announced at a steady rate; for each, the time from
 *    the end of its PUT + announce to its `processed_objects.processed_at` (stamped by the
 *    processor once its features are in Redis and its rows in PostgreSQL);
 * 3. throughput, one replica: a stream of 5,000-event objects (gzipped before the clock starts)
 *    written and announced by a few concurrent writers while the processor consumes; done when
 *    every object is in `processed_objects` (the last processed_at ends the clock);
 * 4. the Redis keys and `clean_events` rows of steps 1-3 are counted and removed, so that both
 *    throughput phases start from an empty store; a second replica joins the consumer group
 *    (4 partitions, 2 each); after a warm-up, the same
 *    throughput measure with another stream of the same size;
 * 5. `clean_events` must hold every event of each part; each processor's peak RSS (VmHWM) over the run.
 * CPU seconds of every process (processors, Redis, PostgreSQL, Kafka, S3 server, the benchmark)
 * are read from /proc during each throughput phase. Prints progress and tables, and writes the
 * stream section of docs/benchmarks.md.
 */
import { ServiceProcess, startBuiltServiceProcess } from '@platform/testing';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { BenchObject, benchObjects } from './bench-objects';
import { BenchRun, openBenchRun, PROCESSOR_GROUP, waitForGroupOfOurOwn, writeAll } from './bench-run';
import { cpuSecondsOfTree, devServerPids, memoryOf, PostgresBackendCpu } from './process-stats';
import { PROCESSOR_BUNDLE, STREAM_BENCH } from './stream-bench.config';
import { LatencyResult, renderSection, renderTables, ThroughputResult, writeStreamSection } from './stream-bench-doc';

const ROOT = resolve(__dirname, '..', '..', '..');
const PROCESSOR_NODE_OPTIONS = process.env['STREAM_BENCH_PROCESSOR_NODE_OPTIONS'] ?? '';
const REPLICAS = Number(process.env['STREAM_BENCH_REPLICAS'] ?? 2);

interface Processor {
  name: string;
  process: ServiceProcess;
  pid: number;
}

interface Watch {
  run: BenchRun;
  processors: Processor[];
  signal: AbortSignal;
}

export async function runStreamBench(): Promise<void> {
  const loadAtStart = loadavg()[0] ?? NaN;
  const bundle = join(ROOT, PROCESSOR_BUNDLE);
  if (!existsSync(join(bundle, 'main.js'))) throw new Error(`${PROCESSOR_BUNDLE}/main.js is missing: run \`npx nx build stream-processor\` first`);
  const stop = new AbortController();
  const onSigint = () => stop.abort(new Error('interrupted'));
  process.once('SIGINT', onSigint);

  const { warmUp, latency, throughput } = STREAM_BENCH;
  const population = { users: STREAM_BENCH.users, products: STREAM_BENCH.products };
  const latencyCount = latency.objectsPerSecond * latency.seconds;
  log('generating and gzipping the simulated objects');
  const warmUpOf = (phase: string, seed: number) => benchObjects(phase, { events: warmUp.objects * warmUp.eventsPerObject, perObject: warmUp.eventsPerObject, seed, ...population });
  const throughputOf = (phase: string, seed: number) => benchObjects(phase, { events: throughput.events, perObject: throughput.eventsPerObject, seed, ...population });
  const warmUpObjects = warmUpOf('warmup', warmUp.seed);
  const latencyObjects = benchObjects('latency', { events: latencyCount * latency.eventsPerObject, perObject: latency.eventsPerObject, seed: latency.seed, ...population });
  const throughputObjects = throughputOf('throughput', throughput.seed);
  const pairWarmUpObjects = REPLICAS > 1 ? warmUpOf('pairwarmup', warmUp.seed + 1) : [];
  const pairObjects = REPLICAS > 1 ? throughputOf('pairthroughput', throughput.seed + 1) : [];
  const mb = (objects: BenchObject[]) => (objects.reduce((sum, object) => sum + object.body.length, 0) / 2 ** 20).toFixed(0);
  log(`throughput stream: ${throughputObjects.length} objects, ${count(throughput.events)} events, ${mb(throughputObjects)} MB gzipped (twice: one and two replicas)`);

  const run = await openBenchRun();
  const processors: Processor[] = [];
  let failed = false;
  try {
    await waitForGroupOfOurOwn(run, { timeoutMs: STREAM_BENCH.stallTimeoutMs, signal: stop.signal });
    const startProcessor = async (name: string) => {
      log(`namespace ${run.namespace.id}; starting ${name} (${PROCESSOR_BUNDLE}/main.js)`);
      const started = await startBuiltServiceProcess(bundle, { ...run.namespace.env, ...processorNodeOptions() });
      processors.push({ name, process: started, pid: started.child.pid as number });
    };
    await startProcessor('processor');
    const watch: Watch = { run, processors, signal: stop.signal };

    log(`warm-up: ${warmUpObjects.length} objects of ${count(warmUp.eventsPerObject)} events`);
    await writeAll(run, warmUpObjects, throughput.writers);
    await waitProcessed(watch, 'warmup', warmUpObjects.length);

    log(`latency: ${latencyObjects.length} objects of ${count(latency.eventsPerObject)} events at ${latency.objectsPerSecond}/s`);
    const latencyResult = await measureLatency(watch, latencyObjects, latency.objectsPerSecond);
    log(`latency: p50 ${latencyResult.p50Ms.toFixed(0)} ms, p99 ${latencyResult.p99Ms.toFixed(0)} ms, max ${latencyResult.maxMs.toFixed(0)} ms`);

    log(`throughput, one replica: ${throughputObjects.length} objects of ${count(throughput.eventsPerObject)} events, ${throughput.writers} writers`);
    const single = await measureThroughput(watch, 'throughput', throughputObjects);
    log(`throughput, one replica: ${count(Math.round(single.eventsPerSecond))} events/s`);

    const singleRows = [warmUpObjects, latencyObjects, throughputObjects].flat().reduce((sum, object) => sum + object.events, 0);
    await expectCleanEvents(run, singleRows);
    let pair: ThroughputResult | null = null;
    if (REPLICAS > 1) {
      await run.emptyFeatureState();
      await startProcessor('processor 2');
      await waitForMembers(run, 2, stop.signal);
      log(`two replicas in the group; warm-up: ${pairWarmUpObjects.length} objects`);
      await writeAll(run, pairWarmUpObjects, throughput.writers);
      await waitProcessed(watch, 'pairwarmup', pairWarmUpObjects.length);
      log(`throughput, two replicas: ${pairObjects.length} objects`);
      pair = await measureThroughput(watch, 'pairthroughput', pairObjects);
      log(`throughput, two replicas: ${count(Math.round(pair.eventsPerSecond))} events/s`);
    }

    if (REPLICAS > 1) await expectCleanEvents(run, [pairWarmUpObjects, pairObjects].flat().reduce((sum, object) => sum + object.events, 0));
    const peaks = processors.map(({ name, pid }) => ({ name, peakRssMb: memoryOf(pid).peakRssMb }));

    const tables = renderTables({ latency: latencyResult, single, pair, peaks });
    process.stdout.write(`\n${tables}\n\n`);
    const docPath = join(ROOT, 'docs', 'benchmarks.md');
    writeStreamSection(docPath, renderSection({ tables, single, pair, loadAtStart, nodeOptions: PROCESSOR_NODE_OPTIONS }));
    log(`wrote the stream section of ${relative(ROOT, docPath)}`);
  } catch (error) {
    failed = true;
    for (const { name, process: processor } of processors) {
      const tail = processor.output().slice(-4000);
      if (tail) process.stderr.write(`--- ${name} output (tail) ---\n${tail}\n---\n`);
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', onSigint);
    await Promise.all(processors.map(({ process: processor }) => processor.stop()));
    log(`removing namespace ${run.namespace.id}${failed ? ' (after a failure)' : ''}`);
    await run.close().catch((error: Error) => {
      if (!failed) throw error;
      log(error.message); // the first failure is the one to report
    });
  }
}

async function expectCleanEvents(run: BenchRun, expected: number): Promise<void> {
  const rows = await run.cleanEvents();
  if (rows !== expected) throw new Error(`clean_events holds ${rows} rows, expected ${expected}: the processor lost or duplicated events`);
}

/** NODE_OPTIONS for the processor: the profiling preload and any options under test. */
function processorNodeOptions(): Record<string, string> {
  const profileDir = process.env['STREAM_BENCH_CPU_PROFILE'];
  const options = [PROCESSOR_NODE_OPTIONS, profileDir ? `--require ${join(__dirname, 'cpu-profile.preload.js')}` : ''].filter(Boolean).join(' ');
  return {
    ...(options ? { NODE_OPTIONS: options } : {}),
    ...(profileDir ? { STREAM_BENCH_CPU_PROFILE: resolve(profileDir) } : {}),
  };
}

/** Polls the group until `members` processors each hold partitions (the rebalance after a join is done). */
async function waitForMembers(run: BenchRun, members: number, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + STREAM_BENCH.stallTimeoutMs;
  while ((await run.assignedGroupMembers()) < members) {
    if (Date.now() > deadline) throw new Error(`consumer group ${PROCESSOR_GROUP}: fewer than ${members} members hold partitions after ${STREAM_BENCH.stallTimeoutMs / 1000} s`);
    await delay(500, undefined, { signal });
  }
}

/**
 * Polls `processed_objects` until the phase's objects are all there, printing progress; fails
 * when nothing moves for `stallTimeoutMs` or a processor exits.
 */
async function waitProcessed(watch: Watch, phase: string, objects: number, progress?: (processed: number) => string): Promise<{ lastAtMs: number }> {
  const { run, processors, signal } = watch;
  let lastCount = -1;
  let lastMoveAt = Date.now();
  let lastPrintAt = Date.now();
  for (;;) {
    signal.throwIfAborted();
    for (const { name, process: processor } of processors) {
      if (processor.child.exitCode !== null || processor.child.signalCode !== null) {
        throw new Error(`${name} exited (code ${processor.child.exitCode}, signal ${processor.child.signalCode})`);
      }
    }
    const { count: done, lastAtMs } = await run.processed(phase);
    if (done >= objects && lastAtMs !== null) return { lastAtMs };
    const now = Date.now();
    if (done !== lastCount) {
      lastCount = done;
      lastMoveAt = now;
    } else if (now - lastMoveAt > STREAM_BENCH.stallTimeoutMs) {
      const foreign = await run.foreignGroupTopics().catch(() => []);
      const hint = foreign.length > 0 ? ` (consumer group ${PROCESSOR_GROUP} is shared with consumers of ${foreign.join(', ')})` : '';
      throw new Error(`${phase}: stuck at ${done}/${objects} processed objects for ${STREAM_BENCH.stallTimeoutMs / 1000} s${hint}`);
    }
    if (now - lastPrintAt >= STREAM_BENCH.progressEveryMs) {
      lastPrintAt = now;
      log(`${phase}: ${done}/${objects} objects processed${progress ? `, ${progress(done)}` : ''}; ${await memoryLine(watch)}; load ${(loadavg()[0] ?? NaN).toFixed(1)}`);
    }
    await delay(200);
  }
}

/** Writes at a steady rate (open loop: the schedule does not wait for processing). */
async function measureLatency(watch: Watch, objects: BenchObject[], perSecond: number): Promise<LatencyResult> {
  const announcedAt = new Map<string, number>();
  const started = Date.now();
  const writes: Promise<void>[] = [];
  const progressEvery = Math.max(1, Math.round((perSecond * STREAM_BENCH.progressEveryMs) / 1000));
  for (const [index, object] of objects.entries()) {
    watch.signal.throwIfAborted();
    if (index > 0 && index % progressEvery === 0) {
      const { count: done } = await watch.run.processed('latency');
      log(`latency: ${index}/${objects.length} objects written, ${done} processed; ${await memoryLine(watch)}; load ${(loadavg()[0] ?? NaN).toFixed(1)}`);
    }
    const due = started + (index * 1000) / perSecond;
    if (due > Date.now()) await delay(due - Date.now());
    writes.push(watch.run.writeAndAnnounce(object).then(() => void announcedAt.set(object.key, Date.now())));
  }
  await Promise.all(writes);
  const achievedPerSecond = objects.length / ((Date.now() - started) / 1000);
  await waitProcessed(watch, 'latency', objects.length);
  const processedAt = await watch.run.processedTimes('latency');
  const latencies = objects.map((object) => (processedAt.get(object.key) ?? NaN) - (announcedAt.get(object.key) ?? NaN)).sort((a, b) => a - b);
  return {
    objects: objects.length,
    achievedPerSecond,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    maxMs: latencies[latencies.length - 1] ?? NaN,
  };
}

async function measureThroughput(watch: Watch, phase: string, objects: BenchObject[]): Promise<ThroughputResult> {
  const events = objects.reduce((sum, object) => sum + object.events, 0);
  const servers = devServerPids(ROOT);
  const processorNames = watch.processors.map(({ name }) => name);
  const database = new URL(watch.run.namespace.databaseUrl).pathname.slice(1);
  const postmaster = servers['postgres'];
  const backends = postmaster === undefined ? null : new PostgresBackendCpu(postmaster, database);
  const cpuNow = (): Record<string, number> => {
    const cpu: Record<string, number> = Object.fromEntries(watch.processors.map(({ name, pid }) => [name, cpuSecondsOfTree(pid)]));
    cpu['bench'] = (process.cpuUsage().user + process.cpuUsage().system) / 1e6;
    for (const [name, pid] of Object.entries(servers)) cpu[name] = cpuSecondsOfTree(pid);
    return cpu;
  };
  const histogramBefore = await objectHistograms(watch.processors);
  const idle = watch.processors.map(({ pid }) => memoryOf(pid).rssMb);
  const cpuBefore = cpuNow();
  backends?.sample();
  const sampling = setInterval(() => backends?.sample(), 250);
  const started = Date.now();
  let writtenAt = 0;
  const writing = writeAll(watch.run, objects, STREAM_BENCH.throughput.writers).then(() => {
    writtenAt = Date.now();
  });
  const perObject = events / objects.length;
  const { lastAtMs } = await waitProcessed(watch, phase, objects.length, (done) => `${count(Math.round((done * perObject) / ((Date.now() - started) / 1000)))} events/s so far`);
  await writing;
  const measuredFor = (Date.now() - started) / 1000;
  clearInterval(sampling);
  backends?.sample();
  const cpuAfter = cpuNow();
  const histogramAfter = await objectHistograms(watch.processors);
  const seconds = (lastAtMs - started) / 1000;
  const used: Record<string, number> = Object.fromEntries(Object.entries(cpuAfter).map(([name, after]) => [name, after - (cpuBefore[name] ?? after)]));
  if (backends && used['postgres'] !== undefined) {
    // Other work's databases share the server: this run's backends are told apart from the rest.
    used["postgres (this run's backends)"] = backends.seconds();
    used['postgres (rest of the server)'] = used['postgres'] - backends.seconds();
    delete used['postgres'];
  }
  const cpu = Object.entries(used).map(([name, seconds]) => ({ name, seconds, cores: seconds / measuredFor }));
  const meanObjectMs =
    histogramBefore && histogramAfter && histogramAfter.count > histogramBefore.count
      ? ((histogramAfter.sum - histogramBefore.sum) / (histogramAfter.count - histogramBefore.count)) * 1000
      : null;
  return {
    replicas: watch.processors.length,
    processorNames,
    objects: objects.length,
    events,
    seconds,
    writeSeconds: (writtenAt - started) / 1000,
    eventsPerSecond: events / seconds,
    meanObjectMs,
    cpu,
    loadAtEnd: loadavg()[0] ?? NaN,
    idleRssMb: idle,
  };
}

/** The processors' own per-object processing time histograms (sum and count, added up), from /metrics. */
async function objectHistograms(processors: Processor[]): Promise<{ sum: number; count: number } | null> {
  let sum = 0;
  let total = 0;
  for (const { process: processor } of processors) {
    try {
      const text = await (await fetch(`${processor.url}/metrics`)).text();
      const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
      sum += value('stream_processor_object_processing_seconds_sum');
      total += value('stream_processor_object_processing_seconds_count');
    } catch {
      return null;
    }
  }
  return Number.isFinite(sum) && Number.isFinite(total) ? { sum, count: total } : null;
}

/** RSS and V8 heap of each processor, for progress lines (heap from its /metrics). */
async function memoryLine({ processors }: Watch): Promise<string> {
  const parts: string[] = [];
  for (const { name, pid, process: processor } of processors) {
    let heap = '';
    try {
      const text = await (await fetch(`${processor.url}/metrics`)).text();
      const mb = (metric: string) => (Number(new RegExp(`^${metric} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN) / 2 ** 20).toFixed(0);
      heap = ` (heap ${mb('nodejs_heap_size_used_bytes')}/${mb('nodejs_heap_size_total_bytes')} MB)`;
    } catch {
      // the progress line goes without it
    }
    parts.push(`${name} RSS ${memoryOf(pid).rssMb.toFixed(0)} MB${heap}`);
  }
  return parts.join(', ');
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? NaN;
}

function count(n: number): string {
  return n.toLocaleString('en');
}

function log(message: string): void {
  process.stderr.write(`[bench:stream] ${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

if (require.main === module) {
  runStreamBench().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
