// `npm run bench -- inference`: the BUILT inference API (dist/apps/inference-api/main.js, `npx nx
// build inference-api` first) on the real Redis, PostgreSQL and S3 server, loaded by autocannon.
import { reduceEvents } from '@platform/features';
import { createOnlineFeatureStore } from '@platform/redis-feature-store';
import { createServicesNamespace, ServicesNamespace } from '@platform/testing';
import autocannon, { Result } from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { publishNamespaceChampion, rees46FeatureEvents } from '@platform/serving/testing';
import { writeBenchSection } from '../bench-doc';
import { cpuSecondsOfTree, memoryOf } from '../stream/process-stats';

const WORKSPACE = join(__dirname, '..', '..', '..');
const MAIN = join(WORKSPACE, 'dist/apps/inference-api/main.js');
const PORT = 4391; // the serving engineer's range (4300-4399), never a default port
const EVENTS = 50_000;
const PHASE_SECONDS = 10;
const AIMS = { p99AtThousandMs: 5, maxRps: 10_000, predictionsPerSecond: 50_000 };
/** By count, not time: on a loaded machine 5 s may be too few requests for V8 to optimise the path. */
const WARM_UP_REQUESTS = 3_000;

interface Phase {
  result: Result;
  cpuMicrosPerRequest: number;
}

export async function runInferenceBench(): Promise<void> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npx nx build inference-api\` first`);
  const namespace = await createServicesNamespace('bench-inference');
  let app: ChildProcess | undefined;
  try {
    const items = await prepare(namespace);
    app = await startBuiltApp(namespace.env);
    const pid = app.pid as number;
    const url = `http://127.0.0.1:${PORT}/predict`;
    const body = (n: number, offset: number) => JSON.stringify(items.slice(offset, offset + n));
    const single = Array.from({ length: 200 }, (_, i) => body(1, i));
    const hundred = Array.from({ length: 20 }, (_, i) => body(100, i * 100));
    const loadAtStart = loadavg()[0] ?? 0;

    // The app's CPU time (user + system, from /proc) per answered request: on a shared, loaded
    // machine it moves far less than latency does, so it is the figure to compare between versions.
    const measured = async (bodies: string[], options: Parameters<typeof load>[2]): Promise<Phase> => {
      const before = cpuSecondsOfTree(pid);
      const result = await load(url, bodies, options);
      return { result, cpuMicrosPerRequest: ((cpuSecondsOfTree(pid) - before) * 1e6) / Math.max(1, result.requests.total) };
    };
    log(`warm-up: ${WARM_UP_REQUESTS} requests`);
    await load(url, single, { connections: 10, amount: WARM_UP_REQUESTS });
    log('one-item requests at 1,000 req/s');
    const fixed = await measured(single, { connections: 20, duration: PHASE_SECONDS, overallRate: 1000 });
    const steps: ({ connections: number } & Phase)[] = [];
    for (const connections of [8, 16, 32, 64]) {
      log(`one-item requests, ${connections} connections, as fast as they go`);
      steps.push({ connections, ...(await measured(single, { connections, duration: PHASE_SECONDS })) });
    }
    const sustained = steps.filter((step) => step.result.latency.p99 < 50).sort((a, b) => b.result.requests.average - a.result.requests.average)[0];
    log('100-item requests, 16 connections');
    const batch = await measured(hundred, { connections: 16, duration: PHASE_SECONDS });
    const memory = memoryOf(pid);
    const section = report({ fixed, steps, sustained, batch, peakRssMb: memory.peakRssMb, loadAtStart, loadAtEnd: loadavg()[0] ?? 0 });
    console.log(section);
    writeBenchSection(join(WORKSPACE, 'docs/benchmarks.md'), 'inference', section);
  } finally {
    app?.kill('SIGTERM');
    await namespace.drop();
  }
}

/** Real REES46 events into the namespace's Redis, a champion trained on them; the items to ask about. */
async function prepare(namespace: ServicesNamespace): Promise<{ user_id: number; product_id: number }[]> {
  log(`loading ${EVENTS} real events into Redis and training a champion`);
  const events = await rees46FeatureEvents(EVENTS);
  const store = createOnlineFeatureStore({ kind: 'redis', url: namespace.services.REDIS_URL }, { keyPrefix: namespace.redisKeyPrefix, guardScope: 'batch' });
  await store.applyBatch({ batchId: 'bench', updates: reduceEvents(events) });
  await store.close();
  await publishNamespaceChampion(namespace, events, { model: 'purchase-propensity', numTrees: 100 });
  // The original payload: numeric ids, no session (the user's latest is followed in Redis).
  const seen = new Set<string>();
  const items: { user_id: number; product_id: number }[] = [];
  for (const event of events) {
    const key = `${event.user_id}/${event.product_id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    items.push({ user_id: Number(event.user_id), product_id: Number(event.product_id) });
  }
  return items;
}

function startBuiltApp(env: Record<string, string>): Promise<ChildProcess> {
  // No Kafka: the HTTP path is measured (the in-process bus costs nothing while idle).
  const { KAFKA_BROKERS: _kafka, ...rest } = env;
  const child = spawn(process.execPath, [MAIN], {
    cwd: WORKSPACE,
    env: { PATH: process.env['PATH'], ...rest, PORT: String(PORT), LOG_LEVEL: 'warn', INFERENCE_MODEL_POLL_MS: '600000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const started = Date.now();
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the app exited (${code}) before it was ready:\n${output}`)));
    const poll = async () => {
      try {
        if ((await fetch(`http://127.0.0.1:${PORT}/health/ready`)).status === 200) return resolve(child);
      } catch {
        // not listening yet
      }
      if (Date.now() - started > 60_000) return reject(new Error(`the app was not ready after 60 s:\n${output}`));
      setTimeout(() => void poll(), 200);
    };
    void poll();
  });
}

function load(url: string, bodies: string[], options: { connections: number; duration?: number; amount?: number; overallRate?: number }): Promise<Result> {
  let next = 0;
  return autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...options,
    requests: [{ setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }) }],
  });
}

function report(r: {
  fixed: Phase;
  steps: ({ connections: number } & Phase)[];
  sustained: ({ connections: number } & Phase) | undefined;
  batch: Phase;
  peakRssMb: number;
  loadAtStart: number;
  loadAtEnd: number;
}): string {
  const ok = (result: Result) => result.non2xx === 0 && result.errors === 0;
  const mark = (met: boolean) => (met ? 'met' : 'missed');
  const maxRps = r.sustained?.result.requests.average ?? 0;
  const predictions = r.batch.result.requests.average * 100;
  const fixed = r.fixed.result;
  const batch = r.batch.result;
  const rows = r.steps.map(
    ({ connections, result, cpuMicrosPerRequest }) =>
      `| ${connections} | ${fmt(result.requests.average)} | ${result.latency.p50} | ${result.latency.p99} | ${fmt(cpuMicrosPerRequest)} | ${result.non2xx + result.errors} |`,
  );
  return `## inference

Inference API, built app, one process (written by \`tools/bench/inference/inference.bench.ts\`; do not edit by hand).

- Date: ${new Date().toISOString()}
- Machine: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}; load average ${r.loadAtStart.toFixed(1)} at start, ${r.loadAtEnd.toFixed(1)} at the end. autocannon, Redis and the app share these cores.
- Command: \`npx nx build inference-api && npm run bench -- inference\`
- App: \`dist/apps/inference-api/main.js\` on the real Redis (features of the first ${fmt(EVENTS)} real REES46 October events), PostgreSQL registry, S3 artifacts; a 100-tree champion trained by libs/ml on those events. Requests are the original payload (numeric ids, no session: the user's latest is followed inside Redis), ${PHASE_SECONDS} s per phase after a warm-up of ${fmt(WARM_UP_REQUESTS)} requests. App CPU time is user + system time from /proc, the kernel's loopback work for its sockets included.

| measure | result | aim | |
|---|---:|---:|---|
| one-item requests at 1,000 req/s: p50 / p99 latency | ${fixed.latency.p50} ms / ${fixed.latency.p99} ms (${fmt(fixed.requests.average)} req/s${ok(fixed) ? '' : `, ${fixed.non2xx + fixed.errors} failed`}) | p99 ≤ ${AIMS.p99AtThousandMs} ms | ${mark(fixed.latency.p99 <= AIMS.p99AtThousandMs)} |
| app CPU time per one-item request at 1,000 req/s | ${fmt(r.fixed.cpuMicrosPerRequest)} µs | | |
| most one-item requests/s with p99 < 50 ms | ${fmt(maxRps)} req/s (${r.sustained ? `${r.sustained.connections} connections` : 'no step under 50 ms'}) | ≥ ${fmt(AIMS.maxRps)} | ${mark(maxRps >= AIMS.maxRps)} |
| predictions/s with 100-item requests | ${fmt(predictions)} (${fmt(batch.requests.average)} req/s, p99 ${batch.latency.p99} ms, app CPU ${fmt(r.batch.cpuMicrosPerRequest / 100)} µs per prediction) | ≥ ${fmt(AIMS.predictionsPerSecond)} | ${mark(predictions >= AIMS.predictionsPerSecond)} |
| app peak RSS (VmHWM, whole run) | ${r.peakRssMb.toFixed(0)} MB | | |

One-item requests as fast as they go:

| connections | req/s | p50 (ms) | p99 (ms) | app CPU per request (µs) | failed |
|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}`;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const log = (message: string) => console.log(`[bench inference] ${new Date().toISOString().slice(11, 19)} ${message}`);

