import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { SingleBar } from 'cli-progress';
import { generateClickstream } from '../generate-clickstream';
import type { SimulatorFormat } from '../output/event-line-writer';
import { checkSimulatorOptions, type GroundTruthExample } from '../simulator-options';

export interface GenerateCommandOptions {
  events: number;
  seed: number;
  out: string;
  format?: SimulatorFormat;
  start?: number;
  users?: number;
  products?: number;
  truth?: string;
  progress: boolean;
}

/** The format named by the output file, unless given: `.ndjson`/`.jsonl` (optionally `.gz`), else CSV. */
export function formatOfPath(path: string): SimulatorFormat {
  return /\.(ndjson|jsonl)(\.gz)?$/i.test(path) ? 'ndjson' : 'csv';
}

interface Output {
  stream: Writable;
  /** Ends the stream and resolves when the bytes are in the file. */
  close(): Promise<void>;
}

function openOutput(path: string): Output {
  if (path === '-') return { stream: process.stdout, close: async () => undefined };
  const file = createWriteStream(path);
  if (!/\.gz$/i.test(path)) {
    return {
      stream: file,
      close: async () => {
        file.end();
        await finished(file);
      },
    };
  }
  const gzip = createGzip({ level: 6 });
  const written = pipeline(gzip, file);
  return {
    stream: gzip,
    close: async () => {
      gzip.end();
      await written;
    },
  };
}

/** Streams the generator to a file (or stdout), with a progress line on stderr. */
export async function runGenerateCommand(options: GenerateCommandOptions): Promise<{ events: number; seconds: number }> {
  const format = options.format ?? formatOfPath(options.out);
  checkSimulatorOptions({ ...options, format });
  const output = openOutput(options.out);
  const out = output.stream;
  const truthOut = options.truth === undefined ? undefined : createWriteStream(options.truth);
  let truthText = 'index,probability,bought\n';
  const onExample =
    truthOut === undefined
      ? undefined
      : ({ index, probability, bought }: GroundTruthExample) => {
          truthText += `${index},${probability.toPrecision(6)},${bought ? 1 : 0}\n`;
        };
  const bar = new SingleBar({
    format: 'events {value}/{total} | {rate} events/s | ETA {eta_formatted}',
    stream: process.stderr,
    noTTYOutput: true,
    notTTYSchedule: 2000,
    hideCursor: false,
  });
  if (options.progress) bar.start(options.events, 0, { rate: 0 });
  const started = performance.now();
  let done = 0;
  try {
    for (const chunk of generateClickstream({ ...options, format, onExample })) {
      if (!out.write(chunk)) await once(out, 'drain');
      if (truthOut !== undefined && truthText.length > 1 << 20) {
        if (!truthOut.write(truthText)) await once(truthOut, 'drain');
        truthText = '';
      }
      done += countLines(chunk);
      if (options.progress) bar.update(Math.min(done, options.events), { rate: Math.round(done / ((performance.now() - started) / 1000)) });
    }
  } finally {
    // The bar keeps a timer when stderr is not a terminal: stop it on every way out.
    bar.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  if (truthOut !== undefined) {
    truthOut.end(truthText);
    await once(truthOut, 'close');
  }
  await output.close();
  return { events: options.events, seconds };
}

function countLines(chunk: Buffer): number {
  let lines = 0;
  for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
  return lines;
}
