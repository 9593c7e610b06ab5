import { Logger } from '@nestjs/common';
import type { CleanEvent } from '@platform/events';
import { ExampleMode, ExampleReplay, PurchaseLabels, tripleKeyFor } from '@platform/features';
import type { EventTimeRange } from '@platform/offline-store';
import { NoCleanEventsError } from '../errors/no-clean-events.error';
import { NotEnoughExamplesError } from '../errors/not-enough-examples.error';
import { ExampleTable } from './example-table';
import { eventIdDraw } from './sample-by-event-id.util';
import { DEFAULT_SPLIT, SplitFractions, splitAndEncode } from './split-and-encode';
import { SplitName, TrainingDataset } from './training-dataset';

/** The offline store as the builder reads it (`OfflineEventStore`). */
export interface CleanEventSource {
  countEvents(range: EventTimeRange): Promise<number>;
  eventsInTimeOrder(options: EventTimeRange & { pageSize?: number }): AsyncIterable<CleanEvent[]>;
}

export interface DatasetBuildOptions extends EventTimeRange {
  readonly exampleMode?: ExampleMode;
  /** Keep about this many examples, drawn by event id (the same ones every run). */
  readonly maxExamples?: number;
  readonly split?: SplitFractions;
  /** Events per page read from the offline store. */
  readonly pageSize?: number;
  readonly onProgress?: (progress: DatasetBuildProgress) => void;
  readonly signal?: AbortSignal;
}

export interface DatasetBuildProgress {
  /** `labels`: the first pass (purchases); `examples`: the replay. */
  readonly pass: 'labels' | 'examples';
  readonly eventsRead: number;
  readonly totalEvents: number;
  readonly examples: number;
  readonly elapsedMs: number;
}

/** Every split needs both classes for its metrics, and the training split some volume. */
const MIN_TRAIN_EXAMPLES = 100;

/**
 * Builds the training dataset from the offline store (DESIGN.md sections 6 and 7) in two streamed
 * passes over the clean events of the range, in event-time order, page by page: the first finds
 * the purchases (the labels), the second replays every event through libs/features' reducer
 * (with the online TTLs) and snapshots the model vector at each example. Memory holds the live
 * feature records, the purchases and the examples as float32 rows, never the events.
 */
export class TrainingDatasetBuilder {
  private readonly logger = new Logger(TrainingDatasetBuilder.name);

  constructor(private readonly source: CleanEventSource) {}

  async build(options: DatasetBuildOptions = {}): Promise<TrainingDataset> {
    const started = performance.now();
    const range: EventTimeRange = { fromMs: options.fromMs, toMs: options.toMs };
    const mode = options.exampleMode ?? 'first-view';
    const pageSize = options.pageSize ?? 10_000;
    const totalEvents = await this.source.countEvents(range);
    if (totalEvents === 0) throw new NoCleanEventsError(describe(range));

    const report = (pass: DatasetBuildProgress['pass'], eventsRead: number, examples: number) =>
      options.onProgress?.({ pass, eventsRead, totalEvents, examples, elapsedMs: performance.now() - started });

    // Pass 1: purchases (labels), the time span, and (for a cap) how many examples there are.
    const labels = new PurchaseLabels();
    const candidates = options.maxExamples === undefined ? undefined : new CandidateCounter(mode);
    let read = 0;
    let firstMs = Infinity;
    let lastMs = -Infinity;
    for await (const page of this.source.eventsInTimeOrder({ ...range, pageSize })) {
      options.signal?.throwIfAborted();
      for (const event of page) {
        labels.add(event);
        candidates?.add(event);
      }
      firstMs = Math.min(firstMs, page[0]?.event_time_ms ?? Infinity);
      lastMs = Math.max(lastMs, page[page.length - 1]?.event_time_ms ?? -Infinity);
      read += page.length;
      report('labels', read, 0);
    }
    const keepShare = candidates && options.maxExamples !== undefined ? Math.min(1, options.maxExamples / Math.max(1, candidates.count)) : 1;

    // Pass 2: the replay, a snapshot at each (sampled) example.
    const replay = new ExampleReplay(mode);
    const table = new ExampleTable();
    read = 0;
    for await (const page of this.source.eventsInTimeOrder({ ...range, pageSize })) {
      options.signal?.throwIfAborted();
      for (const event of page) {
        const row = replay.next(event);
        if (row && (keepShare >= 1 || eventIdDraw(event.event_id) < keepShare)) table.push(row, labels.labelOf(event), event.event_time_ms);
      }
      read += page.length;
      report('examples', read, table.numRows);
    }

    const dataset = splitAndEncode(table, options.split ?? DEFAULT_SPLIT, {
      exampleMode: mode,
      events: { count: read, fromMs: firstMs, toMs: lastMs },
    });
    assertUsable(dataset);
    const { train, validation, test } = dataset.splits;
    this.logger.log(
      `dataset of ${table.numRows} ${mode} examples from ${read} events in ${((performance.now() - started) / 1000).toFixed(1)} s ` +
        `(train ${train.examples}, validation ${validation.examples}, test ${test.examples}; ${replay.liveKeys} live feature records)`,
    );
    return dataset;
  }
}

/** Counts the examples a replay would make, cheaply (no feature state), to size a capped sample. */
class CandidateCounter {
  count = 0;
  private readonly viewed = new Set<string>();

  constructor(private readonly mode: ExampleMode) {}

  add(event: CleanEvent): void {
    if (this.mode === 'cart') {
      if (event.event_type === 'cart') this.count++;
      return;
    }
    if (event.event_type !== 'view') return;
    const key = tripleKeyFor(event.user_id, event.product_id, event.user_session);
    if (this.viewed.has(key)) return;
    this.viewed.add(key);
    this.count++;
  }
}

function assertUsable(dataset: TrainingDataset): void {
  const { splits } = dataset;
  const bad = (Object.entries(splits) as [SplitName, (typeof splits)[SplitName]][]).some(
    ([, split]) => split.positives === 0 || split.positives === split.examples,
  );
  if (bad || splits.train.examples < MIN_TRAIN_EXAMPLES) {
    throw new NotEnoughExamplesError(
      Object.fromEntries(Object.entries(splits).map(([name, split]) => [name, { examples: split.examples, positives: split.positives }])),
      `every split needs positive and negative examples, and training at least ${MIN_TRAIN_EXAMPLES}`,
    );
  }
}

function describe(range: EventTimeRange): { from?: string; to?: string } {
  return {
    ...(range.fromMs === undefined ? {} : { from: new Date(range.fromMs).toISOString() }),
    ...(range.toMs === undefined ? {} : { to: new Date(range.toMs).toISOString() }),
  };
}
