import { generateClickstream } from '@platform/simulator';
import { gzipSync } from 'node:zlib';

export interface SimulatedObject {
  key: string;
  body: Buffer;
  lines: string[];
}

/** A seeded simulated stream as gzip NDJSON objects of `perObject` events, the way the gateway writes them. */
export function simulatedObjects(events: number, perObject: number, seed: number): SimulatedObject[] {
  const text = Buffer.concat([...generateClickstream({ events, seed, format: 'ndjson', users: 5_000, products: 3_000 })]).toString('utf8');
  const lines = text.split('\n').filter((line) => line.length > 0);
  const objects: SimulatedObject[] = [];
  for (let start = 0, n = 0; start < lines.length; start += perObject, n++) {
    const chunk = lines.slice(start, start + perObject);
    objects.push({
      key: `bronze/events/dt=2019-11-01/hour=00/sim-${String(n).padStart(4, '0')}.ndjson.gz`,
      body: gzipSync(chunk.join('\n') + '\n'),
      lines: chunk,
    });
  }
  return objects;
}
