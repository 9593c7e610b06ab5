// The benchmark's data steps, each in a process of its own so that a peak RSS is the step's own:
//   load <source> <databaseUrl>          events into the offline store (PostgreSQL), as the processor stores them
//   build <source> <databaseUrl> <dir>   the trainer's dataset from the offline store (timed), exported to <dir>
import { openPlatformDataSource } from '@platform/database';
import { parseEvents } from '@platform/events';
import { OFFLINE_STORE_SCHEMA, OfflineEventStore, SourcedEvent } from '@platform/offline-store';
import { generateClickstream } from '@platform/simulator';
import { REES46_DIR } from '@platform/testing';
import { TrainingDatasetBuilder } from '@platform/training';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { exportSplits } from './exported-dataset';
import { DatasetReport, TRAIN_BENCH_SOURCES, TrainBenchSource } from './train-bench.config';

const OBJECT_EVENTS = 50_000;

async function load(source: TrainBenchSource, store: OfflineEventStore): Promise<void> {
  const spec = TRAIN_BENCH_SOURCES[source];
  const input =
    'file' in spec
      ? createReadStream(join(REES46_DIR, spec.file))
      : Readable.from(generateClickstream({ events: spec.events, seed: spec.seed, format: 'csv' }));
  const started = performance.now();
  let object: SourcedEvent[] = [];
  let part = 0;
  let stored = 0;
  let rejected = 0;
  const flush = async () => {
    if (object.length === 0) return;
    await store.storeObject({ bucket: 'bronze', key: `bronze/bench/${source}/part-${part++}.csv`, eTag: 'bench' }, object, 0);
    stored += object.length;
    object = [];
    const rate = stored / ((performance.now() - started) / 1000);
    process.stderr.write(`[bench:train] loaded ${stored} events of ${source} (${Math.round(rate)} events/s)\n`);
  };
  for await (const batch of parseEvents(input, { format: 'csv', source: `bench/${source}` })) {
    for (const record of batch) {
      if (record.ok) object.push({ event: record.event, line: record.line });
      else rejected++;
    }
    if (object.length >= OBJECT_EVENTS) await flush();
  }
  await flush();
  process.stderr.write(`[bench:train] ${source}: ${stored} clean events stored, ${rejected} rejected\n`);
}

async function build(source: TrainBenchSource, store: OfflineEventStore, dir: string): Promise<DatasetReport> {
  const started = performance.now();
  let lastLine = 0;
  const dataset = await new TrainingDatasetBuilder(store).build({
    onProgress: (progress) => {
      if (progress.elapsedMs - lastLine < 5000) return;
      lastLine = progress.elapsedMs;
      const rate = progress.eventsRead / (progress.elapsedMs / 1000);
      process.stderr.write(
        `[bench:train] dataset ${progress.pass}: ${progress.eventsRead}/${progress.totalEvents} events, ${progress.examples} examples, ` +
          `${Math.round(rate)} events/s, ETA ${Math.round((progress.totalEvents - progress.eventsRead) / rate)} s\n`,
      );
    },
  });
  const buildSeconds = (performance.now() - started) / 1000;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  exportSplits(dir, { train: dataset.train, validation: dataset.validation, test: dataset.test });
  const { splits } = dataset;
  return {
    source,
    events: dataset.events.count,
    examples: { train: splits.train.examples, validation: splits.validation.examples, test: splits.test.examples },
    positives: splits.train.positives + splits.validation.positives + splits.test.positives,
    buildSeconds,
    peakRssMb,
  };
}

async function main(): Promise<void> {
  const [step, source, databaseUrl, dir] = process.argv.slice(2) as [string, TrainBenchSource, string, string | undefined];
  if (!(source in TRAIN_BENCH_SOURCES)) throw new Error(`unknown source ${source}: expected ${Object.keys(TRAIN_BENCH_SOURCES).join(' or ')}`);
  const dataSource = await openPlatformDataSource({ kind: 'postgres', url: databaseUrl }, [OFFLINE_STORE_SCHEMA]);
  try {
    const store = new OfflineEventStore(dataSource);
    if (step === 'load') await load(source, store);
    else if (step === 'build' && dir) process.stdout.write(`${JSON.stringify(await build(source, store, dir))}\n`);
    else throw new Error('usage: train-dataset.child.ts load|build <source> <databaseUrl> [dir]');
  } finally {
    await dataSource.destroy();
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
