import { cpus } from 'node:os';
import { writeBenchSection } from '../bench-doc';
import { PROCESSOR_BUNDLE, STREAM_AIMS, STREAM_BENCH, STREAM_FINDINGS } from './stream-bench.config';

export interface LatencyResult {
  objects: number;
  achievedPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface ThroughputResult {
  replicas: number;
  processorNames: string[];
  objects: number;
  events: number;
  seconds: number;
  writeSeconds: number;
  eventsPerSecond: number;
  meanObjectMs: number | null;
  /** CPU seconds per process during the phase, and the cores that makes. */
  cpu: { name: string; seconds: number; cores: number }[];
  loadAtEnd: number;
  /** Each processor's resident set before the phase, idle. */
  idleRssMb: number[];
}

interface Results {
  latency: LatencyResult;
  single: ThroughputResult;
  pair: ThroughputResult | null;
  peaks: { name: string; peakRssMb: number }[];
}

/** Puts `section` between the stream markers of docs/benchmarks.md (see `writeBenchSection`). */
export function writeStreamSection(path: string, section: string): void {
  writeBenchSection(path, 'stream', section);
}

const met = (ok: boolean) => (ok ? 'met' : 'missed');

function processorCores(result: ThroughputResult): number {
  return result.cpu.filter((row) => result.processorNames.includes(row.name)).reduce((sum, row) => sum + row.cores, 0);
}

/** Rows that are mostly other work's (other databases' backends, the metrics scraper): left out of "all". */
const SHARED_ROWS = new Set(['postgres (rest of the server)', 'prometheus']);

function ownRows(result: ThroughputResult): ThroughputResult['cpu'] {
  return result.cpu.filter((row) => !SHARED_ROWS.has(row.name));
}

function allCores(result: ThroughputResult): number {
  return ownRows(result).reduce((sum, row) => sum + row.cores, 0);
}

function ownSeconds(result: ThroughputResult): number {
  return ownRows(result).reduce((sum, row) => sum + row.seconds, 0);
}

/** The aims table, the sizing table and the CPU table per process. */
export function renderTables({ latency, single, pair, peaks }: Results): string {
  const { eventsPerObject } = STREAM_BENCH.throughput;
  const throughputRow = (label: string, result: ThroughputResult, aim: string, verdict: string) =>
    `| ${label} | ${count(Math.round(result.eventsPerSecond))} events/s (${count(result.events)} events in ${result.seconds.toFixed(1)} s) | ${aim} | ${verdict} |`;
  const aims = [
    '| measure | result | aim | |',
    '|---|---:|---:|---|',
    throughputRow('throughput, one replica: write + announce → features in Redis and rows in PostgreSQL', single, `≥ ${count(STREAM_AIMS.eventsPerSecond)} events/s`, met(single.eventsPerSecond >= STREAM_AIMS.eventsPerSecond)),
    ...(pair ? [throughputRow('throughput, two replicas in one consumer group (2 of the 4 partitions each)', pair, 'more than one replica', `${(pair.eventsPerSecond / single.eventsPerSecond).toFixed(2)}x`)] : []),
    `| latency p50, end of PUT + announce → processed (${count(STREAM_BENCH.latency.eventsPerObject)}-event objects, ${latency.achievedPerSecond.toFixed(1)}/s) | ${latency.p50Ms.toFixed(0)} ms | | |`,
    `| latency p99 (max ${latency.maxMs.toFixed(0)} ms) | ${latency.p99Ms.toFixed(0)} ms | ≤ ${count(STREAM_AIMS.p99LatencyMs)} ms | ${met(latency.p99Ms <= STREAM_AIMS.p99LatencyMs)} |`,
    ...peaks.map(({ name, peakRssMb }) => `| ${name} peak RSS (VmHWM, whole run) | ${peakRssMb.toFixed(0)} MB | ≤ ${STREAM_AIMS.peakRssMb} MB | ${met(peakRssMb <= STREAM_AIMS.peakRssMb)} |`),
  ];
  const phases = pair ? [single, pair] : [single];
  const sizing = [
    '| replicas | events/s | processor cores busy | cores busy, all but the shared rows below | events/s per processor core | events/s per core, all processes | mean ms per object (processor histogram) |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...phases.map(
      (result) =>
        `| ${result.replicas} | ${count(Math.round(result.eventsPerSecond))} | ${processorCores(result).toFixed(2)} | ${allCores(result).toFixed(2)} | ` +
        `${count(Math.round(result.eventsPerSecond / processorCores(result)))} | ${count(Math.round(result.eventsPerSecond / allCores(result)))} | ` +
        `${result.meanObjectMs === null ? 'n/a' : result.meanObjectMs.toFixed(0)} |`,
    ),
  ];
  const names = [...new Set(phases.flatMap((result) => result.cpu.map((row) => row.name)))].filter((name) =>
    phases.some((result) => (result.cpu.find((row) => row.name === name)?.seconds ?? 0) > 0.05),
  );
  names.sort((a, b) => (single.cpu.find((row) => row.name === b)?.seconds ?? 0) - (single.cpu.find((row) => row.name === a)?.seconds ?? 0));
  const cell = (result: ThroughputResult, name: string) => {
    const row = result.cpu.find((entry) => entry.name === name);
    return row ? `${row.seconds.toFixed(1)} | ${row.cores.toFixed(2)} | ${((row.seconds * 1000) / result.objects).toFixed(0)}` : '– | – | –';
  };
  const perObject = `per ${count(eventsPerObject)}-event object (ms)`;
  const cpuTable = [
    `| process | 1 replica: CPU (s) | cores | ${perObject} |${pair ? ` 2 replicas: CPU (s) | cores | ${perObject} |` : ''}`,
    `|---|---:|---:|---:|${pair ? '---:|---:|---:|' : ''}`,
    ...names.map((name) => `| ${name} | ${cell(single, name)} |${pair ? ` ${cell(pair, name)} |` : ''}`),
    `| all but the shared rows (other databases' backends, Prometheus) | ${phases.map((result) => `${ownSeconds(result).toFixed(1)} | ${allCores(result).toFixed(2)} | ${((ownSeconds(result) * 1000) / result.objects).toFixed(0)}`).join(' | ')} |`,
  ];
  return [aims.join('\n'), sizing.join('\n'), cpuTable.join('\n')].join('\n\n');
}

export function renderSection({ tables, single, pair, loadAtStart, nodeOptions }: { tables: string; single: ThroughputResult; pair: ThroughputResult | null; loadAtStart: number; nodeOptions: string }): string {
  const cpu = cpus();
  const { warmUp, latency, throughput } = STREAM_BENCH;
  const busiest = [...ownRows(single)].sort((a, b) => b.seconds - a.seconds)[0];
  const loads = `load average ${loadAtStart.toFixed(1)} at start, ${single.loadAtEnd.toFixed(1)} after the one-replica phase${pair ? `, ${pair.loadAtEnd.toFixed(1)} after the two-replica phase` : ''}`;
  return [
    '## stream',
    '',
    'Stream processor end to end, built app, one then two replicas (written by `tools/bench/stream/stream.bench.ts`; do not edit by hand).',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}; ${loads}. The dev servers ` +
      '(Kafka, S3Proxy, Redis, PostgreSQL) and the benchmark itself share these cores with the processors, and other work may run on them.',
    '- Command: `npx nx build stream-processor && npm run bench -- stream`',
    `- Processor: \`${PROCESSOR_BUNDLE}/main.js\` run as its image runs it (\`node main.js\`, NODE_ENV=production${nodeOptions ? `, NODE_OPTIONS \`${nodeOptions}\`` : ''}), ` +
      'consumer group `stream-processor` over the 4 partitions of `data_streaming` (each replica handles its partitions concurrently), configured by env as in production, in a fresh namespace removed at the end.',
    `- Throughput: ${count(single.events)} simulated events per phase in ${single.objects} gzip NDJSON objects of ${count(throughput.eventsPerObject)} ` +
      `(seed ${throughput.seed}, then ${throughput.seed + 1} for two replicas), generated and gzipped before the clock starts, PUT and announced on \`data_streaming\` by ` +
      `${throughput.writers} concurrent writers (all written after ${single.writeSeconds.toFixed(1)} s) while the processors consume. ` +
      'The clock stops at the last `processed_objects.processed_at` (an object is marked once its Redis batch and its PostgreSQL rows are done); ' +
      '`clean_events` is then checked to hold every event of the run. Before the two-replica phase the namespace\'s Redis keys and `clean_events` rows are counted and removed, so both phases start from an empty store (Redis CPU per key grows with the keyspace: ~120 ms per 5,000-event batch over the first 125k events, ~200 ms after 1M); the second replica then joins and warms up on its own objects first.',
    `- Latency: after ${warmUp.objects} warm-up objects, ${latency.objectsPerSecond * latency.seconds} objects of ${count(latency.eventsPerObject)} events ` +
      `at ${latency.objectsPerSecond}/s for ${latency.seconds} s, one replica; per object, from the end of its PUT + announce (benchmark clock) to its ` +
      '`processed_at` (processor clock, same machine), i.e. until its features are in Redis and its rows in PostgreSQL (an upper bound of "features visible").',
    `- Memory: VmHWM of each processor over the whole run; idle before the one-replica phase the processor had ${single.idleRssMb[0]?.toFixed(0) ?? '?'} MB resident.`,
    `- CPU: seconds of each process tree from /proc/<pid>/stat during each throughput phase; PostgreSQL is split into the backends of this run's database (sampled every 250 ms) and the rest of the server, which other work's databases share; Redis and Kafka may also serve other work at the same time; ${busiest ? `with one replica the busiest process is ${busiest.name} (${busiest.cores.toFixed(2)} cores)` : ''}.`,
    '',
    tables,
    '',
    ...STREAM_FINDINGS.map((line) => `- ${line}`),
  ].join('\n');
}

function count(n: number): string {
  return n.toLocaleString('en');
}
