/**
 * `npm run bench -- ingest` (issue 12): the BUILT ingest gateway (dist/apps/ingest-gateway/main.js,
 * built first by this benchmark) as its own process on the real S3 server and Kafka, in a fresh
 * namespace (buckets, topics, database; removed at the end):
 * 1. HTTP ingest, loaded by autocannon: 1,000-event JSON arrays and 1,000-event gzip CSV bodies of
 *    real REES46 rows, from 8 and 32 concurrent clients; events/s acknowledged (a 202 means the
 *    batch holding them is in the lake) and ack latency p50/p99;
 * 2. bulk load (`POST /bulk-loads`) of a 1M-row gzip CSV of real rows, rows/s;
 * 3. the gateway's peak RSS (VmHWM) and CPU seconds per process (gateway, S3 server, Kafka, ...)
 *    for each phase, from /proc; then checks that the gateway's count of accepted events equals
 *    the acknowledged ones and that every object it says it wrote is in the bronze bucket.
 * INGEST_BENCH_SECONDS (default 15), INGEST_BENCH_BULK_ROWS (default 1,000,000) and INGEST_BENCH_CLIENTS (default 8,32) shorten a run;
 * INGEST_BENCH_NODE_OPTIONS passes Node/V8 options to the gateway; INGEST_BENCH_CPU_PROFILE=<dir> writes
 * a CPU profile of the gateway there when it stops.
 */
import { itemAt } from '@platform/common';
import { createLake } from '@platform/s3-lake';
import { createServicesNamespace, ServiceProcess, startBuiltServiceProcess } from '@platform/testing';
import autocannon, { Result } from 'autocannon';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { writeBenchSection } from '../bench-doc';
import { devServerPids, memoryOf } from '../stream/process-stats';
import { gzipCsvBodies, jsonArrayBodies, RequestBody, writeRepeatedCsvGz } from './ingest-bench-data';
import { renderIngestSection, HttpPhase, BulkPhase, StageTimes } from './ingest-bench-doc';
import { cpuSnapshot, cpuUsedBetween } from './ingest-process-stats';

const WORKSPACE = join(__dirname, '..', '..', '..');
const BUNDLE = join(WORKSPACE, 'dist/apps/ingest-gateway');
const INGEST_BENCH = {
  seconds: Number(process.env['INGEST_BENCH_SECONDS'] ?? 15),
  warmUpSeconds: 5,
  eventsPerBody: 1_000,
  /** Distinct bodies per kind, cycled (100,000 distinct real rows). */
  bodies: 100,
  /** INGEST_BENCH_CLIENTS=8 runs the 8-client phases only (a quicker look at the aimed figure). */
  clients: (process.env['INGEST_BENCH_CLIENTS'] ?? '8,32').split(',').map(Number),
  bulkRows: Number(process.env['INGEST_BENCH_BULK_ROWS'] ?? 1_000_000),
  nodeOptions: process.env['INGEST_BENCH_NODE_OPTIONS'] ?? '',
} as const;

export async function runIngestBench(): Promise<void> {
  const loadAtStart = loadavg()[0] ?? 0;
  log('building the gateway (npx nx build ingest-gateway)');
  const build = spawnSync('npx', ['nx', 'build', 'ingest-gateway', '--outputStyle=static'], { cwd: WORKSPACE, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } });
  if (build.status !== 0) throw new Error(`npx nx build ingest-gateway exited with ${build.status}: fix the build, then run the benchmark again`);

  const { eventsPerBody, bodies } = INGEST_BENCH;
  log(`preparing ${bodies} JSON-array and ${bodies} gzip CSV bodies of ${eventsPerBody} real REES46 rows`);
  const kinds: { name: HttpPhase['kind']; bodies: RequestBody[] }[] = [
    { name: 'JSON array', bodies: jsonArrayBodies(bodies, eventsPerBody) },
    { name: 'gzip CSV', bodies: gzipCsvBodies(bodies, eventsPerBody) },
  ];
  const bulkDir = mkdtempSync(join(tmpdir(), 'ingest-bench-'));
  const bulkFile = 'rees46-repeated.csv.gz';
  log(`writing a ${count(INGEST_BENCH.bulkRows)}-row gzip CSV into ${bulkDir} (INGEST_BULK_LOAD_DIR)`);
  await writeRepeatedCsvGz(join(bulkDir, bulkFile), INGEST_BENCH.bulkRows);
  const bulkBytes = statSync(join(bulkDir, bulkFile)).size;

  const namespace = await createServicesNamespace('bench-ingest');
  const apiKey = randomBytes(16).toString('hex');
  let gateway: ServiceProcess | undefined;
  let failed = false;
  try {
    gateway = await startBuiltServiceProcess(BUNDLE, {
      ...namespace.env,
      INGEST_API_KEY: apiKey,
      INGEST_BULK_LOAD_DIR: bulkDir,
      ...gatewayNodeOptions(),
    });
    const pid = gateway.child.pid as number;
    const url = gateway.url;
    await untilReady(url);
    log(`gateway ${BUNDLE}/main.js pid ${pid} at ${url}, namespace ${namespace.id}`);
    const trees = { gateway: pid, ...devServerPids(WORKSPACE) };

    log(`warm-up: ${INGEST_BENCH.warmUpSeconds} s of JSON arrays from 8 clients`);
    await post(url, apiKey, itemAt(kinds, 0).bodies, 8, INGEST_BENCH.warmUpSeconds);
    await untilSettled(url); // the warm-up's last requests finish after its clock stops
    const accepted0 = await acceptedEvents(url);

    const phases: HttpPhase[] = [];
    let acknowledged = 0;
    for (const kind of kinds) {
      for (const clients of INGEST_BENCH.clients) {
        log(`${kind.name} bodies, ${clients} clients, ${INGEST_BENCH.seconds} s`);
        await untilSettled(url);
        const stagesBefore = await stageTimes(url); // this scrape also restarts the event-loop delay histogram
        const before = cpuSnapshot(trees);
        const result = await post(url, apiKey, kind.bodies, clients, INGEST_BENCH.seconds);
        const cpu = cpuUsedBetween(before, cpuSnapshot(trees));
        const seconds = (result.finish.getTime() - result.start.getTime()) / 1000;
        const events = result['2xx'] * eventsPerBody;
        acknowledged += events;
        const phase: HttpPhase = {
          kind: kind.name,
          clients,
          seconds,
          eventsPerSecond: events / seconds,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          failed: result.non2xx + result.errors + result.timeouts,
          cpu,
          load: loadavg()[0] ?? 0,
          stages: stagesBetween(stagesBefore, await stageTimes(url)),
        };
        phases.push(phase);
        const { stages } = phase;
        log(`${count(phase.eventsPerSecond)} events/s acknowledged, p50 ${phase.p50Ms} ms, p99 ${phase.p99Ms} ms, ${phase.failed} failed; ` +
            `read + parse mean ${stages.parseMs.toFixed(1)} ms (p99 ≤ ${stages.parseP99Ms} ms), to durable mean ${stages.durableMs.toFixed(1)} ms (p99 ≤ ${stages.durableP99Ms} ms; gzip + PUT ${stages.batchWriteMs.toFixed(1)} ms), ` +
            `${count(stages.eventsPerObject)} events per object, event-loop delay p99 ${stages.eventLoopP99Ms.toFixed(1)} ms, GC ${stages.gcMs.toFixed(0)} ms; ` +
            `gateway ${(cpu['gateway'] ?? 0).toFixed(1)} CPU s; load ${phase.load.toFixed(1)}`);
      }
    }
    await untilSettled(url);
    const accepted = (await acceptedEvents(url)) - accepted0;
    // Requests in flight when a phase's clock stops are written but not counted by autocannon.
    const inFlightAtStops = INGEST_BENCH.clients.reduce((sum, clients) => sum + clients, 0) * kinds.length * eventsPerBody;
    if (accepted < acknowledged || accepted > acknowledged + inFlightAtStops) {
      throw new Error(`the gateway counted ${accepted} accepted events, the clients got 202s for ${acknowledged} (at most ${inFlightAtStops} more were in flight at the phases' ends)`);
    }
    await checkBronzeHoldsEveryObject(url, namespace);

    log(`bulk load of ${count(INGEST_BENCH.bulkRows)} rows (${(bulkBytes / 2 ** 20).toFixed(0)} MB gzip CSV)`);
    const bulk = await bulkLoad(url, apiKey, bulkFile, trees);
    bulk.fileMb = bulkBytes / 2 ** 20;
    log(`bulk load: ${count(bulk.rowsPerSecond)} rows/s (${count(bulk.loaded)} loaded, ${bulk.rejected} rejected in ${bulk.seconds.toFixed(1)} s)`);

    const { peakRssMb } = memoryOf(pid);
    const section = renderIngestSection({ phases, bulk, peakRssMb, loadAtStart, loadAtEnd: loadavg()[0] ?? 0, acknowledged, nodeOptions: INGEST_BENCH.nodeOptions });
    console.log(`\n${section}\n`);
    writeBenchSection(join(WORKSPACE, 'docs/benchmarks.md'), 'ingest', section);
    log('wrote the ingest section of docs/benchmarks.md');
  } catch (error) {
    failed = true;
    const tail = gateway?.output().slice(-4000);
    if (tail) process.stderr.write(`--- gateway output (tail) ---\n${tail}\n---\n`);
    throw error;
  } finally {
    await gateway?.stop();
    rmSync(bulkDir, { recursive: true, force: true });
    log(`removing namespace ${namespace.id}${failed ? ' (after a failure)' : ''}`);
    await namespace.drop().catch((error: Error) => {
      if (!failed) throw error;
      log(error.message);
    });
  }
}

/** NODE_OPTIONS for the gateway: the options under test and the profiling preload (NODE_OPTIONS refuses --cpu-prof). */
function gatewayNodeOptions(): Record<string, string> {
  const profileDir = process.env['INGEST_BENCH_CPU_PROFILE'];
  const options = [INGEST_BENCH.nodeOptions, profileDir ? `--require ${join(__dirname, '../stream/cpu-profile.preload.js')}` : ''].filter(Boolean).join(' ');
  return {
    ...(options ? { NODE_OPTIONS: options } : {}),
    ...(profileDir ? { STREAM_BENCH_CPU_PROFILE: resolve(profileDir) } : {}),
  };
}

/** Clients posting bodies back to back (each waits for its answer), cycling through the bodies. */
function post(url: string, apiKey: string, bodies: RequestBody[], connections: number, duration: number): Promise<Result> {
  let next = 0;
  return autocannon({
    url: `${url}/events`,
    method: 'POST',
    connections,
    duration,
    timeout: 30,
    requests: [
      {
        setupRequest: (request) => {
          const { body, contentType } = itemAt(bodies, next++ % bodies.length);
          const encoding = contentType === 'text/csv' ? { 'content-encoding': 'gzip' } : {};
          return { ...request, body, headers: { 'content-type': contentType, 'x-api-key': apiKey, ...encoding } };
        },
      },
    ],
  });
}

async function bulkLoad(url: string, apiKey: string, path: string, trees: Record<string, number>): Promise<BulkPhase> {
  const headers = { 'content-type': 'application/json', 'x-api-key': apiKey };
  const before = cpuSnapshot(trees);
  const started = performance.now();
  const response = await fetch(`${url}/bulk-loads`, { method: 'POST', headers, body: JSON.stringify({ path }) });
  if (response.status !== 202) throw new Error(`POST /bulk-loads answered ${response.status}: ${await response.text()}`);
  const { id } = (await response.json()) as { id: string };
  let lastPrint = performance.now();
  for (;;) {
    await delay(250);
    const job = (await (await fetch(`${url}/jobs/${id}`, { headers })).json()) as JobView;
    if (job.status !== 'running') {
      const seconds = (performance.now() - started) / 1000;
      if (job.status !== 'finished') throw new Error(`bulk load ${id} ended ${job.status}: ${JSON.stringify(job.error ?? job.result)}`);
      const result = job.result ?? {};
      const loaded = result.loaded ?? 0;
      if (loaded + (result.rejected ?? 0) !== INGEST_BENCH.bulkRows) throw new Error(`bulk load read ${loaded + (result.rejected ?? 0)} rows of ${INGEST_BENCH.bulkRows}`);
      return {
        rows: INGEST_BENCH.bulkRows,
        loaded,
        rejected: result.rejected ?? 0,
        chunks: result.chunks ?? 0,
        seconds,
        rowsPerSecond: INGEST_BENCH.bulkRows / seconds,
        cpu: cpuUsedBetween(before, cpuSnapshot(trees)),
        load: loadavg()[0] ?? 0,
        fileMb: 0,
      };
    }
    if (performance.now() - lastPrint >= 5000) {
      lastPrint = performance.now();
      const p = job.progress ?? {};
      log(`bulk load: ${count(p.rows ?? 0)} rows, ${count(p.rowsPerSecond ?? 0)} rows/s, ETA ${(p.etaSeconds ?? 0).toFixed(0)} s; load ${(loadavg()[0] ?? 0).toFixed(1)}`);
    }
  }
}

interface JobView {
  status: string;
  progress?: { rows?: number; rowsPerSecond?: number; etaSeconds?: number };
  result?: { loaded?: number; rejected?: number; chunks?: number };
  error?: unknown;
}

async function untilReady(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await fetch(`${url}/health/ready`).then((response) => response.status, () => 0);
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`the gateway at ${url} was not ready after 60 s (last /health/ready status ${status})`);
    await delay(200);
  }
}

/** Waits until no batch is being written: requests in flight when autocannon stopped finish after it. */
async function untilSettled(url: string): Promise<void> {
  let last = -1;
  for (let written = await objectsWritten(url); written !== last; written = await objectsWritten(url)) {
    last = written;
    await delay(1000); // longer than INGEST_BATCH_MAX_DELAY_MS: an open batch is written by then
  }
}

/** The gateway's cumulative stage histograms (sum and count), event-loop delay p99 since the last scrape, GC seconds, objects and events. */
async function stageTimes(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const total = (name: string) => sumOf(text, name);
  const histograms = ['ingest_gateway_body_parse_duration_seconds', 'ingest_gateway_events_durable_duration_seconds', 'ingest_gateway_batch_write_duration_seconds'];
  return {
    ...Object.fromEntries(histograms.flatMap((name) => [[`${name}_sum`, total(`${name}_sum`)], [`${name}_count`, total(`${name}_count`)], ...bucketsOf(text, name)])),
    gcSeconds: total('nodejs_gc_duration_seconds_sum'),
    eventLoopP99: total('nodejs_eventloop_lag_p99_seconds'),
    objects: total('ingest_gateway_objects_written_total'),
    accepted: sumOf(text, 'ingest_gateway_events_total', 'outcome="accepted"'),
  };
}

/** Means of each stage over a phase, from two scrapes. */
function stagesBetween(before: Record<string, number>, after: Record<string, number>): StageTimes {
  const delta = (name: string) => (after[name] ?? 0) - (before[name] ?? 0);
  const meanMs = (histogram: string) => {
    const n = delta(`${histogram}_count`);
    return n > 0 ? (delta(`${histogram}_sum`) / n) * 1000 : 0;
  };
  /** The upper bound of the histogram bucket holding the 99th percentile over the phase (a bucket bound, not an exact value). */
  const p99Ms = (histogram: string) => {
    const n = delta(`${histogram}_count`);
    const bounds = Object.keys(after).filter((key) => key.startsWith(`${histogram}_le_`)).map((key) => Number(key.slice(histogram.length + 4))).sort((a, b) => a - b);
    const bound = bounds.find((le) => delta(`${histogram}_le_${le}`) >= 0.99 * n);
    return n > 0 && bound !== undefined ? bound * 1000 : 0;
  };
  return {
    parseMs: meanMs('ingest_gateway_body_parse_duration_seconds'),
    parseP99Ms: p99Ms('ingest_gateway_body_parse_duration_seconds'),
    durableMs: meanMs('ingest_gateway_events_durable_duration_seconds'),
    durableP99Ms: p99Ms('ingest_gateway_events_durable_duration_seconds'),
    batchWriteMs: meanMs('ingest_gateway_batch_write_duration_seconds'),
    eventsPerObject: delta('objects') > 0 ? delta('accepted') / delta('objects') : 0,
    eventLoopP99Ms: (after['eventLoopP99'] ?? 0) * 1000,
    gcMs: delta('gcSeconds') * 1000,
  };
}

/** A histogram's cumulative bucket counts, as `<name>_le_<bound>` entries (the +Inf bucket left out). */
function bucketsOf(text: string, name: string): [string, number][] {
  const pattern = new RegExp(`^${name}_bucket\\{[^}]*le="([0-9.e+-]+)"[^}]*\\}\\s+(\\S+)`, 'gm');
  return [...text.matchAll(pattern)].map((match) => [`${name}_le_${Number(match[1])}`, Number(match[2])]);
}

/** The sum of every sample of `name` (all label sets, or those whose labels contain `labels`) in a Prometheus text page. */
function sumOf(text: string, name: string, labels = ''): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || (line[name.length] !== ' ' && line[name.length] !== '{')) continue;
    if (labels && !line.includes(labels)) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) sum += value;
  }
  return sum;
}

async function metric(url: string, name: string, labels = ''): Promise<number> {
  return sumOf(await (await fetch(`${url}/metrics`)).text(), name, labels);
}

const objectsWritten = (url: string) => metric(url, 'ingest_gateway_objects_written_total');
const acceptedEvents = (url: string) => metric(url, 'ingest_gateway_events_total', 'outcome="accepted"');

/** Every object the gateway counted as written is listed in the namespace's bronze bucket. */
async function checkBronzeHoldsEveryObject(url: string, namespace: Awaited<ReturnType<typeof createServicesNamespace>>): Promise<void> {
  const written = await objectsWritten(url);
  const { services } = namespace;
  const lake = createLake(
    { kind: 's3', endpoint: services.S3_ENDPOINT, region: services.S3_REGION, accessKeyId: services.S3_ACCESS_KEY, secretAccessKey: services.S3_SECRET_KEY },
    { bucketPrefix: namespace.bucketPrefix },
  );
  let listed = 0;
  try {
    for await (const _object of lake.list({ bucket: 'bronze', prefix: 'bronze/events/' })) listed++;
  } finally {
    await lake.close();
  }
  if (listed !== written || written === 0) throw new Error(`the gateway says it wrote ${written} bronze objects, the bucket lists ${listed}`);
  log(`bronze holds the ${listed} objects the gateway wrote`);
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const log = (message: string) => process.stderr.write(`[bench:ingest] ${new Date().toISOString().slice(11, 19)} ${message}\n`);
