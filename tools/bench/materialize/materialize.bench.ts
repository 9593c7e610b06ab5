// `npm run bench -- materialize`: the BUILT stream processor (dist/apps/stream-processor/main.js,
// `npx nx build stream-processor` first) rebuilds the online store from 1M clean events in the
// real PostgreSQL into the real Redis (POST /jobs/materialize), as in production.
import { formatFor, parseEvents } from '@platform/events';
import { openPlatformDataSource } from '@platform/database';
import { OFFLINE_STORE_SCHEMA, OfflineEventStore, SourcedEvent } from '@platform/offline-store';
import { createServicesNamespace, ServiceProcess, startBuiltServiceProcess } from '@platform/testing';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { writeBenchSection } from '../bench-doc';
import { benchObjects } from '../stream/bench-objects';
import { memoryOf } from '../stream/process-stats';

const WORKSPACE = join(__dirname, '..', '..', '..');
const BUNDLE = join(WORKSPACE, 'dist/apps/stream-processor');
const EVENTS = Number(process.env['MATERIALIZE_BENCH_EVENTS'] ?? 1_000_000);
const PER_OBJECT = 50_000;
const AIMS = { eventsPerSecond: 150_000, peakRssMb: 500 };

interface JobView {
  id: string;
  status: string;
  objects: number;
  events: number;
  keysWritten: number;
  error: string | null;
}

export async function runMaterializeBench(): Promise<void> {
  if (!existsSync(join(BUNDLE, 'main.js'))) throw new Error(`${BUNDLE}/main.js is missing: run \`npx nx build stream-processor\` first`);
  const namespace = await createServicesNamespace('bench-materialize');
  let app: ServiceProcess | undefined;
  try {
    const stored = await loadOfflineStore(namespace.databaseUrl);
    app = await startBuiltServiceProcess(BUNDLE, namespace.env);
    const pid = app.child.pid as number;
    const loadAtStart = loadavg()[0] ?? 0;
    log(`materializing ${stored.toLocaleString('en-US')} events (built app, pid ${pid}, load ${loadAtStart.toFixed(1)})`);
    const started = Date.now();
    const answer = await fetch(`${app.url}/jobs/materialize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    if (answer.status !== 202) throw new Error(`POST /jobs/materialize answered ${answer.status}: ${await answer.text()}`);
    let job = (await answer.json()) as JobView;
    let peakRssMb = 0;
    let lastLog = 0;
    while (job.status === 'running') {
      await delay(200);
      job = (await (await fetch(`${app.url}/jobs/${job.id}`)).json()) as JobView;
      peakRssMb = Math.max(peakRssMb, memoryOf(pid).rssMb);
      if (Date.now() - lastLog > 5000) {
        lastLog = Date.now();
        const seconds = (Date.now() - started) / 1000;
        const rate = job.events / seconds;
        log(`${job.events.toLocaleString('en-US')}/${stored.toLocaleString('en-US')} events, ${Math.round(rate).toLocaleString('en-US')} events/s, ETA ${rate > 0 ? Math.round((stored - job.events) / rate) : '?'} s; RSS ${memoryOf(pid).rssMb.toFixed(0)} MB; load ${(loadavg()[0] ?? 0).toFixed(1)}`);
      }
    }
    const seconds = (Date.now() - started) / 1000;
    if (job.status === 'failed') throw new Error(`the materialize failed: ${String(job.error)}`);
    const figures = {
      events: job.events,
      keys: job.keysWritten,
      seconds,
      eventsPerSecond: job.events / seconds,
      keysPerSecond: job.keysWritten / seconds,
      peakRssMb: Math.max(peakRssMb, memoryOf(pid).peakRssMb),
      loadAtStart,
      loadAtEnd: loadavg()[0] ?? 0,
    };
    const section = report(figures);
    console.log(section);
    writeBenchSection(join(WORKSPACE, 'docs/benchmarks.md'), 'materialize', section);
  } finally {
    await app?.stop('SIGTERM');
    await namespace.drop();
  }
}

/** Simulated events, cleaned by libs/events as the processor cleans them, into the offline store as processed objects. */
async function loadOfflineStore(databaseUrl: string): Promise<number> {
  const dataSource = await openPlatformDataSource({ kind: 'postgres', url: databaseUrl }, [OFFLINE_STORE_SCHEMA]);
  const store = new OfflineEventStore(dataSource);
  let stored = 0;
  const started = Date.now();
  try {
    for (const object of benchObjects('materialize', { events: EVENTS, perObject: PER_OBJECT, seed: 17, users: 60_000, products: 20_000 })) {
      const id = { bucket: 'bronze', key: object.key, eTag: `bench-${object.key}` };
      const format = formatFor({ key: object.key });
      let pending: SourcedEvent[] = [];
      for await (const batch of parseEvents((async function* () { yield object.body; })(), { format: format.format, source: `${id.bucket}/${id.key}#${id.eTag}`, maxInflatedBytes: 1 << 30 })) {
        for (const record of batch) if (record.ok) pending.push({ event: record.event, line: record.line });
        if (pending.length >= 10_000) {
          await store.insertEvents(id, pending);
          stored += pending.length;
          pending = [];
        }
      }
      await store.insertEvents(id, pending);
      stored += pending.length;
      await store.markProcessed(id, object.events, 0);
      log(`offline store: ${stored.toLocaleString('en-US')} events stored (${Math.round(stored / ((Date.now() - started) / 1000)).toLocaleString('en-US')}/s)`);
    }
  } finally {
    await dataSource.destroy();
  }
  return stored;
}

function report(f: { events: number; keys: number; seconds: number; eventsPerSecond: number; keysPerSecond: number; peakRssMb: number; loadAtStart: number; loadAtEnd: number }): string {
  const n = (value: number) => Math.round(value).toLocaleString('en-US');
  const verdict = (ok: boolean) => (ok ? 'met' : 'missed');
  return [
    '## Materialize (online store rebuilt from the offline store)',
    '',
    `Run ${new Date().toISOString().slice(0, 16)}Z on ${cpus().length} cores, load average ${f.loadAtStart.toFixed(1)} at start, ${f.loadAtEnd.toFixed(1)} at end (shared machine: figures are noisy).`,
    `The built stream processor (\`dist/apps/stream-processor/main.js\`), \`POST /jobs/materialize\` over ${n(f.events)} simulated clean events`,
    `in ${n(f.events / PER_OBJECT)} processed objects of ${n(PER_OBJECT)} in PostgreSQL, into an empty Redis namespace; timed from the POST until the job left \`running\` (switched).`,
    '',
    '| figure | value | aim | |',
    '|---|---|---|---|',
    `| events/s | ${n(f.eventsPerSecond)} | ≥ ${n(AIMS.eventsPerSecond)} | ${verdict(f.eventsPerSecond >= AIMS.eventsPerSecond)} |`,
    `| key updates/s | ${n(f.keysPerSecond)} (${n(f.keys)} in all) | — | |`,
    `| wall time | ${f.seconds.toFixed(1)} s | — | |`,
    `| peak RSS of the processor | ${n(f.peakRssMb)} MB | ≤ ${AIMS.peakRssMb} MB | ${verdict(f.peakRssMb <= AIMS.peakRssMb)} |`,
  ].join('\n');
}

function log(message: string): void {
  console.log(`[bench materialize] ${message}`);
}
