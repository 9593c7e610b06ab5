/**
 * End-to-end benchmark of the stream processor (issue 5): one replica, a real process running
 * the app's `main.ts`, against the dev servers (Kafka, S3, Redis, PostgreSQL).
 *
 *   npm run bench -- stream
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/bench/stream/stream.bench.ts
 *   (STREAM_BENCH_EVENTS=100000 for a quick run; STREAM_BENCH_CPU_PROFILE=<dir> writes a CPU profile of
 *   the processor there when it stops; STREAM_BENCH_PROCESSOR_NODE_OPTIONS='--max-semi-space-size=32' tries
 *   Node/V8 options on the processor, and the section records them)
 *
 * In a fresh namespace (database, buckets, Redis key prefix, topic prefix; all removed at the end):
 * 1. warm-up: a few objects, not measured;
 * 2. latency: 1,000-event objects written and announced at a steady rate; for each, the time from
 *    the end of its PUT + announce to its `processed_objects.processed_at` (stamped by the
 *    processor once its features are in Redis and its rows in PostgreSQL);
 * 3. throughput: a stream of 5,000-event objects (gzipped before the clock starts) written and
 *    announced by a few concurrent writers while the processor consumes; done when every object
 *    is in `processed_objects` (the last processed_at ends the clock) and `clean_events` holds
 *    every event;
 * 4. the processor's peak RSS (VmHWM) over the whole run.
 * Prints progress and a table, and writes the stream section of docs/benchmarks.md.
 */
import { ServiceProcess, startServiceProcess } from '@platform/testing';
import { cpus, loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { BenchObject, benchObjects } from './bench-objects';
import { BenchRun, openBenchRun, PROCESSOR_GROUP } from './bench-run';
import { cpuSecondsOfTree, devServerPids, memoryOf } from './process-stats';
import { PROCESSOR_MAIN, STREAM_AIMS, STREAM_BENCH } from './stream-bench.config';
import { writeStreamSection } from './stream-bench-doc';

const ROOT = resolve(__dirname, '..', '..', '..');
const COMMAND = 'npm run bench -- stream';
const PROCESSOR_NODE_OPTIONS = process.env['STREAM_BENCH_PROCESSOR_NODE_OPTIONS'] ?? '';

interface LatencyResult {
  objects: number;
  achievedPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

interface ThroughputResult {
  objects: number;
  events: number;
  seconds: number;
  writeSeconds: number;
  eventsPerSecond: number;
  meanObjectMs: number | null;
  /** CPU seconds per process during the phase, and the cores that makes. */
  cpu: { name: string; seconds: number; cores: number }[];
  loadAtEnd: number;
  /** The processor's memory before the phase, idle after the warm-up and latency phases. */
  idle: { rssMb: number; heap: { usedMb: number; totalMb: number } | null };
}

export async function runStreamBench(): Promise<void> {
  const loadAtStart = loadavg()[0];
  const stop = new AbortController();
  const onSigint = () => stop.abort(new Error('interrupted'));
  process.once('SIGINT', onSigint);

  const { warmUp, latency, throughput } = STREAM_BENCH;
  const population = { users: STREAM_BENCH.users, products: STREAM_BENCH.products };
  const latencyCount = latency.objectsPerSecond * latency.seconds;
  log('generating and gzipping the simulated objects');
  const warmUpObjects = benchObjects('warmup', { events: warmUp.objects * warmUp.eventsPerObject, perObject: warmUp.eventsPerObject, seed: warmUp.seed, ...population });
  const latencyObjects = benchObjects('latency', { events: latencyCount * latency.eventsPerObject, perObject: latency.eventsPerObject, seed: latency.seed, ...population });
  const throughputObjects = benchObjects('throughput', { events: throughput.events, perObject: throughput.eventsPerObject, seed: throughput.seed, ...population });
  const mb = (objects: BenchObject[]) => (objects.reduce((sum, object) => sum + object.body.length, 0) / 2 ** 20).toFixed(0);
  log(`throughput stream: ${throughputObjects.length} objects, ${count(throughput.events)} events, ${mb(throughputObjects)} MB gzipped`);

  const run = await openBenchRun();
  let processor: ServiceProcess | undefined;
  let failed = false;
  try {
    await waitForGroupOfOurOwn(run, stop.signal);
    log(`namespace ${run.namespace.id}; starting the processor (${PROCESSOR_MAIN})`);
    processor = await startServiceProcess(PROCESSOR_MAIN, { ...run.namespace.env, ...processorNodeOptions() });
    const pid = processor.child.pid as number;
    const watch = { run, pid, processor, signal: stop.signal };

    log(`warm-up: ${warmUpObjects.length} objects of ${count(warmUp.eventsPerObject)} events`);
    await writeAll(run, warmUpObjects, throughput.writers);
    await waitProcessed(watch, 'warmup', warmUpObjects.length);

    log(`latency: ${latencyObjects.length} objects of ${count(latency.eventsPerObject)} events at ${latency.objectsPerSecond}/s`);
    const latencyResult = await measureLatency(watch, latencyObjects, latency.objectsPerSecond);
    log(`latency: p50 ${latencyResult.p50Ms.toFixed(0)} ms, p99 ${latencyResult.p99Ms.toFixed(0)} ms, max ${latencyResult.maxMs.toFixed(0)} ms`);

    log(`throughput: ${throughputObjects.length} objects of ${count(throughput.eventsPerObject)} events, ${throughput.writers} writers`);
    const throughputResult = await measureThroughput(watch, throughputObjects);
    log(`throughput: ${count(Math.round(throughputResult.eventsPerSecond))} events/s`);

    const expectedRows = [warmUpObjects, latencyObjects, throughputObjects].flat().reduce((sum, object) => sum + object.events, 0);
    const rows = await run.cleanEvents();
    if (rows !== expectedRows) throw new Error(`clean_events holds ${rows} rows, expected ${expectedRows}: the processor lost or duplicated events`);
    const { peakRssMb } = memoryOf(pid);

    const table = renderTable(latencyResult, throughputResult, peakRssMb);
    process.stdout.write(`\n${table}\n\n`);
    const docPath = join(ROOT, 'docs', 'benchmarks.md');
    writeStreamSection(docPath, renderSection(table, throughputResult, loadAtStart));
    log(`wrote the stream section of ${relative(ROOT, docPath)}`);
  } catch (error) {
    failed = true;
    const tail = processor?.output().slice(-4000);
    if (tail) process.stderr.write(`--- processor output (tail) ---\n${tail}\n---\n`);
    throw error;
  } finally {
    process.removeListener('SIGINT', onSigint);
    await processor?.stop();
    log(`removing namespace ${run.namespace.id}${failed ? ' (after a failure)' : ''}`);
    await run.close().catch((error: Error) => {
      if (!failed) throw error;
      log(error.message); // the first failure is the one to report
    });
  }
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

interface Watch {
  run: BenchRun;
  pid: number;
  processor: ServiceProcess;
  signal: AbortSignal;
}

/**
 * Waits until no consumer of another namespace is in the processor's consumer group: its group id
 * is the same in every namespace, and a member of another run leading the group leaves our
 * partitions unassigned (seen with the integration spec running alongside).
 */
async function waitForGroupOfOurOwn(run: BenchRun, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + STREAM_BENCH.stallTimeoutMs;
  for (let foreign = await run.foreignGroupTopics(); foreign.length > 0; foreign = await run.foreignGroupTopics()) {
    if (Date.now() > deadline) {
      throw new Error(`consumer group ${PROCESSOR_GROUP} is still used by consumers of ${foreign.join(', ')} (another test or benchmark): try again later`);
    }
    log(`consumer group ${PROCESSOR_GROUP} is in use by consumers of ${foreign.join(', ')}; waiting for them to leave`);
    await delay(5_000, undefined, { signal });
  }
}

/** PUT + announce every object, `writers` at a time, in order of the list. */
async function writeAll(run: BenchRun, objects: BenchObject[], writers: number): Promise<void> {
  let next = 0;
  const writer = async () => {
    while (next < objects.length) await run.writeAndAnnounce(objects[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(writers, objects.length) }, writer));
}

/**
 * Polls `processed_objects` until the phase's objects are all there, printing progress; fails
 * when nothing moves for `stallTimeoutMs` or the processor exits.
 */
async function waitProcessed(
  watch: Watch,
  phase: string,
  objects: number,
  progress?: (processed: number) => string,
): Promise<{ lastAtMs: number }> {
  const { run, processor, signal } = watch;
  let lastCount = -1;
  let lastMoveAt = Date.now();
  let lastPrintAt = Date.now();
  for (;;) {
    signal.throwIfAborted();
    if (processor.child.exitCode !== null || processor.child.signalCode !== null) {
      throw new Error(`the processor exited (code ${processor.child.exitCode}, signal ${processor.child.signalCode})`);
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
      log(`${phase}: ${done}/${objects} objects processed${progress ? `, ${progress(done)}` : ''}; ${await memoryLine(watch)}; load ${loadavg()[0].toFixed(1)}`);
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
      log(`latency: ${index}/${objects.length} objects written, ${done} processed; ${await memoryLine(watch)}; load ${loadavg()[0].toFixed(1)}`);
    }
    const due = started + (index * 1000) / perSecond;
    if (due > Date.now()) await delay(due - Date.now());
    writes.push(watch.run.writeAndAnnounce(object).then(() => void announcedAt.set(object.key, Date.now())));
  }
  await Promise.all(writes);
  const achievedPerSecond = objects.length / ((Date.now() - started) / 1000);
  await waitProcessed(watch, 'latency', objects.length);
  const processedAt = await watch.run.processedTimes('latency');
  const latencies = objects.map((object) => (processedAt.get(object.key) as number) - (announcedAt.get(object.key) as number)).sort((a, b) => a - b);
  return {
    objects: objects.length,
    achievedPerSecond,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    maxMs: latencies[latencies.length - 1],
  };
}

async function measureThroughput(watch: Watch, objects: BenchObject[]): Promise<ThroughputResult> {
  const events = objects.reduce((sum, object) => sum + object.events, 0);
  const servers = devServerPids(ROOT);
  const cpuNow = () => ({
    processor: cpuSecondsOfTree(watch.pid),
    bench: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6,
    ...Object.fromEntries(Object.entries(servers).map(([name, pid]) => [name, cpuSecondsOfTree(pid)])),
  });
  const histogramBefore = await objectHistogram(watch.processor);
  const idle = { rssMb: memoryOf(watch.pid).rssMb, heap: await heapOf(watch.processor) };
  const cpuBefore = cpuNow();
  const started = Date.now();
  let writtenAt = 0;
  const writing = writeAll(watch.run, objects, STREAM_BENCH.throughput.writers).then(() => {
    writtenAt = Date.now();
  });
  const perObject = events / objects.length;
  const { lastAtMs } = await waitProcessed(watch, 'throughput', objects.length, (done) => `${count(Math.round((done * perObject) / ((Date.now() - started) / 1000)))} events/s so far`);
  await writing;
  const measuredFor = (Date.now() - started) / 1000;
  const cpuAfter = cpuNow();
  const histogramAfter = await objectHistogram(watch.processor);
  const seconds = (lastAtMs - started) / 1000;
  const cpu = Object.entries(cpuAfter).map(([name, after]) => {
    const used = after - (cpuBefore as Record<string, number>)[name];
    return { name, seconds: used, cores: used / measuredFor };
  });
  const meanObjectMs =
    histogramBefore && histogramAfter && histogramAfter.count > histogramBefore.count
      ? ((histogramAfter.sum - histogramBefore.sum) / (histogramAfter.count - histogramBefore.count)) * 1000
      : null;
  return {
    objects: objects.length,
    events,
    seconds,
    writeSeconds: (writtenAt - started) / 1000,
    eventsPerSecond: events / seconds,
    meanObjectMs,
    cpu,
    loadAtEnd: loadavg()[0],
    idle,
  };
}

/** The processor's own per-object processing time histogram (sum and count), from /metrics. */
async function objectHistogram(processor: ServiceProcess): Promise<{ sum: number; count: number } | null> {
  try {
    const text = await (await fetch(`${processor.url}/metrics`)).text();
    const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
    const sum = value('stream_processor_object_processing_seconds_sum');
    const total = value('stream_processor_object_processing_seconds_count');
    return Number.isFinite(sum) && Number.isFinite(total) ? { sum, count: total } : null;
  } catch {
    return null;
  }
}

/** The processor's V8 heap and off-heap memory in MB, from its /metrics (prom-client default metrics). */
async function heapOf(processor: ServiceProcess): Promise<{ usedMb: number; totalMb: number; externalMb: number } | null> {
  try {
    const text = await (await fetch(`${processor.url}/metrics`)).text();
    const mb = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN) / 2 ** 20;
    return { usedMb: mb('nodejs_heap_size_used_bytes'), totalMb: mb('nodejs_heap_size_total_bytes'), externalMb: mb('nodejs_external_memory_bytes') };
  } catch {
    return null;
  }
}

/** RSS, heap and off-heap memory of the processor, for progress lines. */
async function memoryLine({ pid, processor }: Watch): Promise<string> {
  const { rssMb } = memoryOf(pid);
  const heap = await heapOf(processor);
  const detail = heap ? ` (heap ${heap.usedMb.toFixed(0)}/${heap.totalMb.toFixed(0)} MB, external ${heap.externalMb.toFixed(0)} MB)` : '';
  return `processor RSS ${rssMb.toFixed(0)} MB${detail}`;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

function renderTable(latency: LatencyResult, throughput: ThroughputResult, peakRssMb: number): string {
  const met = (ok: boolean) => (ok ? 'met' : 'missed');
  return [
    '| measure | result | aim | |',
    '|---|---:|---:|---|',
    `| throughput, write + announce → features in Redis and rows in PostgreSQL | ${count(Math.round(throughput.eventsPerSecond))} events/s ` +
      `(${count(throughput.events)} events in ${throughput.seconds.toFixed(1)} s) | ≥ ${count(STREAM_AIMS.eventsPerSecond)} events/s | ${met(throughput.eventsPerSecond >= STREAM_AIMS.eventsPerSecond)} |`,
    `| latency p50, end of PUT + announce → processed (1,000-event objects, ${latency.achievedPerSecond.toFixed(1)}/s) | ${latency.p50Ms.toFixed(0)} ms | | |`,
    `| latency p99 (max ${latency.maxMs.toFixed(0)} ms) | ${latency.p99Ms.toFixed(0)} ms | < ${count(STREAM_AIMS.p99LatencyMs)} ms | ${met(latency.p99Ms < STREAM_AIMS.p99LatencyMs)} |`,
    `| processor peak RSS (VmHWM, whole run) | ${peakRssMb.toFixed(0)} MB | < ${STREAM_AIMS.peakRssMb} MB | ${met(peakRssMb < STREAM_AIMS.peakRssMb)} |`,
  ].join('\n');
}

function renderSection(table: string, throughput: ThroughputResult, loadAtStart: number): string {
  const cpu = cpus();
  const { warmUp, latency } = STREAM_BENCH;
  const cpuRows = throughput.cpu
    .filter((row) => row.seconds > 0.05)
    .sort((a, b) => b.seconds - a.seconds)
    .map((row) => `| ${row.name} | ${row.seconds.toFixed(1)} | ${row.cores.toFixed(2)} | ${((row.seconds * 1000) / throughput.objects).toFixed(0)} |`);
  const totalCores = throughput.cpu.reduce((sum, row) => sum + row.cores, 0);
  const saturated = totalCores >= 0.85 * cpu.length;
  return [
    '## stream',
    '',
    'Stream processor end to end, one replica (written by `tools/bench/stream/stream.bench.ts`; do not edit by hand).',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}; load average ` +
      `${loadAtStart.toFixed(1)} at start, ${throughput.loadAtEnd.toFixed(1)} at the end of the throughput phase. The dev servers ` +
      '(Kafka, S3Proxy, Redis, PostgreSQL) and the benchmark itself share these cores with the processor, and other work may run on them.',
    `- Command: \`${COMMAND}\` (or \`SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/bench/stream/stream.bench.ts\`)`,
    `- Processor: \`${PROCESSOR_MAIN}\` as one real process (consumer group \`stream-processor\`, 4 partitions consumed concurrently), ` +
      `configured by env as in production${PROCESSOR_NODE_OPTIONS ? `, NODE_OPTIONS \`${PROCESSOR_NODE_OPTIONS}\`` : ''}, in a fresh namespace removed at the end.`,
    `- Throughput: ${count(throughput.events)} simulated events (seed ${STREAM_BENCH.throughput.seed}) in ${throughput.objects} gzip NDJSON objects of ` +
      `${count(STREAM_BENCH.throughput.eventsPerObject)}, generated and gzipped before the clock starts, PUT and announced on \`data_streaming\` by ` +
      `${STREAM_BENCH.throughput.writers} concurrent writers (all written after ${throughput.writeSeconds.toFixed(1)} s) while the processor consumes. ` +
      'The clock stops at the last `processed_objects.processed_at` (the processor marks an object once its Redis batch and its PostgreSQL rows are done); ' +
      `\`clean_events\` is then checked to hold every event. Mean per-object processing time (the processor's own histogram): ` +
      `${throughput.meanObjectMs === null ? 'n/a' : `${throughput.meanObjectMs.toFixed(0)} ms`}.`,
    `- Latency: after ${warmUp.objects} warm-up objects, ${latency.objectsPerSecond * latency.seconds} objects of ${count(latency.eventsPerObject)} events ` +
      `at ${latency.objectsPerSecond}/s for ${latency.seconds} s; per object, from the end of its PUT + announce (benchmark clock) to its ` +
      '`processed_at` (processor clock, same machine), i.e. until its features are in Redis and its rows in PostgreSQL (an upper bound of "features visible").',
    `- Peak memory: VmHWM of the processor process over the whole run. Idle before the throughput phase it had ${throughput.idle.rssMb.toFixed(0)} MB resident` +
      `${throughput.idle.heap ? ` (V8 heap ${throughput.idle.heap.usedMb.toFixed(0)} MB used of ${throughput.idle.heap.totalMb.toFixed(0)} MB)` : ''}; ` +
      'run from source, it also holds @swc-node/register with the TypeScript compiler and swc\'s native module (about 70 MB resident), which a built app does not load.',
    '',
    table,
    '',
    `CPU used during the throughput phase: ${totalCores.toFixed(2)} of ${cpu.length} cores in all` +
      (saturated ? ', so the machine itself is the limit: more events per second need less CPU per object somewhere in this table' : '') +
      ' (the dev servers may also be serving other work).',
    '',
    `| process | CPU (s) | cores | CPU per ${count(STREAM_BENCH.throughput.eventsPerObject)}-event object (ms) |`,
    '|---|---:|---:|---:|',
    ...cpuRows,
  ].join('\n');
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
