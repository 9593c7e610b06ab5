// `npm run bench -- <name>`: runs one benchmark; each prints its figures and writes its section of
// docs/benchmarks.md.
const BENCHMARKS: Record<string, () => Promise<unknown> | unknown> = {
  ml: async () => (await import('./ml/ml.bench')).runMlBench(),
  stream: async () => (await import('./stream/stream.bench')).runStreamBench(),
  inference: async () => (await import('./inference/inference.bench')).runInferenceBench(),
};

const name = process.argv[2];
const run = name === undefined ? undefined : BENCHMARKS[name];
if (!run) {
  console.error(`usage: npm run bench -- <${Object.keys(BENCHMARKS).join('|')}>`);
  process.exit(2);
}
void Promise.resolve(run()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
