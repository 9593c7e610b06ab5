// `npm run bench -- <name>`: runs one benchmark; each prints its figures and writes its section of
// docs/benchmarks.md. `npm run bench` alone runs every one (tools/bench/run-all.ts).
const BENCHMARKS: Record<string, () => Promise<unknown> | unknown> = {
  ingest: async () => (await import('./ingest/ingest.bench')).runIngestBench(),
  ml: async () => (await import('./ml/ml.bench')).runMlBench(),
  stream: async () => (await import('./stream/stream.bench')).runStreamBench(),
  inference: async () => (await import('./inference/inference.bench')).runInferenceBench(),
  train: async () => (await import('./train/train.bench')).runTrainBench(),
  materialize: async () => (await import('./materialize/materialize.bench')).runMaterializeBench(),
};

const name = process.argv[2];
if (name === undefined) {
  void import('./run-all').then(({ runAllBenchmarks }) => runAllBenchmarks(Object.keys(BENCHMARKS)));
} else {
  const run = BENCHMARKS[name];
  if (!run) {
    console.error(`usage: npm run bench [-- <${Object.keys(BENCHMARKS).join('|')}>] (no name: every benchmark)`);
    process.exit(2);
  }
  void Promise.resolve(run()).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
