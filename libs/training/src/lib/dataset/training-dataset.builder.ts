import { Logger } from '@nestjs/common';
import { ExampleMode, ExampleReplay, PurchaseLabels, tripleKeyFor } from '@platform/features';
import type { EventSpan, EventTimeRange, LastPurchase, ReplayEvent } from '@platform/offline-store';
import { NoCleanEventsError } from '../errors/no-clean-events.error';
import { NotEnoughExamplesError } from '../errors/not-enough-examples.error';
import { ExampleTable } from './example-table';
import { eventIdDraw } from './sample-by-event-id.util';
import { DEFAULT_SPLIT, SplitFractions, splitAndEncode } from './split-and-encode';
import { SplitName, TrainingDataset } from './training-dataset';

/** The offline store as the builder reads it (`OfflineEventStore`). */
export interface CleanEventSource {
  eventSpan(range: EventTimeRange): Promise<EventSpan>;
  lastPurchases(range: EventTimeRange): Promise<LastPurchase[]>;
  countViewedTriples(range: EventTimeRange): Promise<number>;
  countEvents(range: EventTimeRange, eventType?: ReplayEvent['event_type']): Promise<number>;
  replayEventsInTimeOrder(options: EventTimeRange & { pageSize?: number }): AsyncIterable<ReplayEvent[]>;
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
  /** `labels`: the purchases (one query); `examples`: the replay. */
  readonly pass: 'labels' | 'examples';
  readonly eventsRead: number;
  readonly totalEvents: number;
  readonly examples: number;
  readonly elapsedMs: number;
}

/** Every split needs both classes for its metrics, and the training split some volume. */
const MIN_TRAIN_EXAMPLES = 100;

/**
 * Builds the training dataset from the offline store (DESIGN.md sections 6 and 7): the labels
 * (each purchased triple's last purchase) and the span come from aggregate queries, then one
 * streamed pass over the clean events of the range, in event-time order, page by page, replays
 * every event through libs/features' replay (the online reducer's semantics, with the online
 * TTLs) and writes the model vector at each example straight into the float32 table. Memory holds
 * the live feature records, the purchases and the examples, never the events.
 */
export class TrainingDatasetBuilder {
  private readonly logger = new Logger(TrainingDatasetBuilder.name);

  constructor(private readonly source: CleanEventSource) {}

  async build(options: DatasetBuildOptions = {}): Promise<TrainingDataset> {
    const started = performance.now();
    const range: EventTimeRange = { fromMs: options.fromMs, toMs: options.toMs };
    const mode = options.exampleMode ?? 'first-view';
    const pageSize = options.pageSize ?? 20_000;
    const span = await this.source.eventSpan(range);
    const totalEvents = span.count;
    if (totalEvents === 0) throw new NoCleanEventsError(describe(range));

    const report = (pass: DatasetBuildProgress['pass'], eventsRead: number, examples: number) =>
      options.onProgress?.({ pass, eventsRead, totalEvents, examples, elapsedMs: performance.now() - started });

    // The labels, and (for a cap) how many examples there are, from the database.
    const labels = new PurchaseLabels();
    for (const purchase of await this.source.lastPurchases(range)) {
      labels.addPurchase(tripleKeyFor(purchase.userId, purchase.productId, purchase.session), purchase.lastMs);
    }
    options.signal?.throwIfAborted();
    const candidates = options.maxExamples === undefined ? undefined : await this.countCandidates(mode, range);
    const keepShare = candidates !== undefined && options.maxExamples !== undefined ? Math.min(1, options.maxExamples / Math.max(1, candidates)) : 1;
    report('labels', 0, 0);

    // The replay, a snapshot at each (sampled) example.
    const replay = new ExampleReplay(mode);
    const table = new ExampleTable();
    let read = 0;
    for await (const page of this.source.replayEventsInTimeOrder({ ...range, pageSize })) {
      options.signal?.throwIfAborted();
      for (const event of page) {
        if (!replay.advance(event) || (keepShare < 1 && eventIdDraw(event.event_id) >= keepShare)) continue;
        table.pushSnapshot(replay, labels.labelAt(replay.tripleKey, event.event_time_ms), event.event_time_ms);
      }
      read += page.length;
      report('examples', read, table.numRows);
    }

    const dataset = splitAndEncode(table, options.split ?? DEFAULT_SPLIT, {
      exampleMode: mode,
      events: { count: read, fromMs: span.fromMs, toMs: span.toMs },
    });
    assertUsable(dataset);
    const { train, validation, test } = dataset.splits;
    this.logger.log(
      `dataset of ${table.numRows} ${mode} examples from ${read} events in ${((performance.now() - started) / 1000).toFixed(1)} s ` +
        `(train ${train.examples}, validation ${validation.examples}, test ${test.examples}; ${replay.liveKeys} live feature records)`,
    );
    return dataset;
  }

  /** The examples a replay would make, before expiry: cart events, or distinct viewed triples. */
  private async countCandidates(mode: ExampleMode, range: EventTimeRange): Promise<number> {
    return mode === 'cart' ? this.source.countEvents(range, 'cart') : this.source.countViewedTriples(range);
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
