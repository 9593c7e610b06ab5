import { generateClickstream } from '@platform/simulator';
import { gzipSync } from 'node:zlib';

/** One lake object of the benchmark, gzipped before any clock starts. */
export interface BenchObject {
  key: string;
  body: Buffer;
  events: number;
}

const NEWLINE = 0x0a;

/**
 * A seeded simulated stream as gzip NDJSON objects of `perObject` events, the way the gateway
 * writes them. Unlike the integration spec's `simulatedObjects`, it keeps no text lines: a
 * million events stay a few tens of MB (the gzipped bodies) in the benchmark's own process.
 */
export function benchObjects(
  phase: string,
  { events, perObject, seed, users, products }: { events: number; perObject: number; seed: number; users: number; products: number },
): BenchObject[] {
  const objects: BenchObject[] = [];
  let pieces: Buffer[] = [];
  let lines = 0;
  const cut = () => {
    if (lines === 0) return;
    const n = String(objects.length).padStart(5, '0');
    objects.push({ key: `bronze/events/dt=2019-11-01/hour=00/${phase}-${n}.ndjson.gz`, body: gzipSync(Buffer.concat(pieces)), events: lines });
    pieces = [];
    lines = 0;
  };
  for (const chunk of generateClickstream({ events, seed, format: 'ndjson', users, products })) {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end >= 0; end = chunk.indexOf(NEWLINE, end + 1)) {
      if (++lines === perObject) {
        pieces.push(chunk.subarray(start, end + 1));
        start = end + 1;
        cut();
      }
    }
    if (start < chunk.length) pieces.push(chunk.subarray(start));
  }
  if (pieces.some((piece) => piece.length > 0) && lines === 0) {
    throw new Error('the simulator ended a stream without a final newline');
  }
  cut();
  return objects;
}
