/**
 * The stream benchmark's parameters. `STREAM_BENCH_EVENTS` overrides the throughput stream's size
 * (e.g. 100000 for a quick run); everything else is fixed so runs compare.
 */
export const STREAM_BENCH = {
  /** Objects processed before anything is measured: the processor's JIT and pools warm up. */
  warmUp: { objects: 20, eventsPerObject: 1_000, seed: 101 },
  /** Write → visible latency: small objects at a steady, moderate rate. */
  latency: { objectsPerSecond: 10, seconds: 30, eventsPerObject: 1_000, seed: 202 },
  /** End-to-end throughput: a stream written and announced as fast as the writers go. */
  throughput: {
    events: Number(process.env['STREAM_BENCH_EVENTS'] ?? 1_000_000),
    eventsPerObject: 5_000,
    seed: 303,
    /** PUT + announce in flight at once. */
    writers: 8,
  },
  /** Simulated population: as in the stream-processor integration spec. */
  users: 5_000,
  products: 3_000,
  progressEveryMs: 5_000,
  /** A phase that makes no progress for this long fails the run. */
  stallTimeoutMs: 120_000,
} as const;

/** Issue 12's aims on a two-core machine shared with the dev servers. */
export const STREAM_AIMS = {
  eventsPerSecond: 60_000,
  p99LatencyMs: 250,
  peakRssMb: 300,
} as const;

/** The built app (`npx nx build stream-processor`), started as its image runs it: `node main.js` in this folder. */
export const PROCESSOR_BUNDLE = 'dist/apps/stream-processor';

/**
 * What profiling and trying found, written under the tables (by hand, here, when the code changes:
 * the figures above are the benchmark's, these lines say why they are what they are).
 */
export const STREAM_FINDINGS: readonly string[] = [];
