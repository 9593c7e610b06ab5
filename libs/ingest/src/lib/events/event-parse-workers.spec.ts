import { itemAt } from '@platform/common';
import { REES46_FILES, rees46Lines } from '@platform/testing';
import { gzipSync } from 'node:zlib';
import { InvalidEventInputError } from '../errors/invalid-event-input.error';
import { PARSE_WINDOW_BYTES } from './event-parse.protocol';
import { EventParseWorkers } from './event-parse-workers';
import { parseEventBody, ParseEventBodyOptions } from './parse-event-body';

const LIMITS = { maxInflatedBytes: 8 * 1024 * 1024 };

async function* chunksOf(body: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < body.length; at += size) yield body.subarray(at, at + size);
}

const text = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');

describe('EventParseWorkers (POST /events bodies parsed on a worker thread)', () => {
  const workers = new EventParseWorkers({ threads: 1 });
  let csv: string[];

  beforeAll(async () => {
    csv = rees46Lines(REES46_FILES.october).slice(0, 3001);
    // The first task waits for the thread (and, from source, its TypeScript hook) to start.
    await workers.parse(chunksOf(Buffer.from(`${itemAt(csv, 0)}\n${itemAt(csv, 1)}\n`), 1024), { format: 'csv', ...LIMITS });
  }, 60_000);
  afterAll(() => workers.onApplicationShutdown());

  it('gives the very lines, rejections and counts the parser gives on the event loop, for 3,000 real rows as gzip CSV in 16 KiB chunks', async () => {
    const body = gzipSync(`${csv.join('\n')}\n${itemAt(csv, 0).replace(/,/g, ';')}\n`);
    const options: ParseEventBodyOptions = { format: 'gzip', ...LIMITS };
    const [inWorker, inThread] = await Promise.all([workers.parse(chunksOf(body, 16 * 1024), options), parseEventBody(chunksOf(body, 16 * 1024), options)]);
    expect(inWorker.lines.lineEnds.length).toBe(3000);
    expect(inWorker.rejected).toBe(1);
    expect(text(inWorker.lines.ndjson)).toBe(text(inThread.lines.ndjson));
    expect([...inWorker.lines.lineEnds]).toEqual([...inThread.lines.lineEnds]);
    expect(inWorker.rejections).toEqual(inThread.rejections);
    const lines = text(inWorker.lines.ndjson).split('\n');
    expect(JSON.parse(itemAt(lines, 0))).toMatchObject({ event_type: expect.any(String), category_id: expect.stringMatching(/^\d+$/) });
    expect(itemAt(inWorker.lines.lineEnds, 0)).toBe(Buffer.byteLength(`${itemAt(lines, 0)}\n`));
  });

  it('parses concurrent bodies, each into its own lines', async () => {
    const bodies = Array.from({ length: 8 }, (_, i) => Buffer.from(`${[itemAt(csv, 0), ...csv.slice(1 + i * 100, 1 + i * 100 + 10 + i)].join('\n')}\n`));
    const parsed = await Promise.all(bodies.map((body) => workers.parse(chunksOf(body, 512), { format: 'csv', ...LIMITS })));
    expect(parsed.map((body) => body.lines.lineEnds.length)).toEqual([10, 11, 12, 13, 14, 15, 16, 17]);
  });

  it('brings InvalidEventInputError across, with the position of malformed JSON', async () => {
    const failure = workers.parse(chunksOf(Buffer.from('[{"event_type": "view"},\n {"event_type": }]'), 8), { format: 'json', ...LIMITS });
    await expect(failure).rejects.toBeInstanceOf(InvalidEventInputError);
    await expect(failure).rejects.toMatchObject({ inputCode: 'MALFORMED_INPUT', position: { line: 2, column: 17 } });
  });

  it('rejects with the error of a body that fails while it is read (a client that went away), and parses the next body', async () => {
    const gone = new Error('aborted');
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.from(`${itemAt(csv, 0)}\n${itemAt(csv, 1)}\n`);
      throw gone;
    }
    await expect(workers.parse(failing(), { format: 'csv', ...LIMITS })).rejects.toBe(gone);
    const next = await workers.parse(chunksOf(Buffer.from(`${itemAt(csv, 0)}\n${itemAt(csv, 2)}\n`), 64), { format: 'csv', ...LIMITS });
    expect(next.lines.lineEnds.length).toBe(1);
  });

  it('stops reading a body the worker refused: no more than its window past the limit', async () => {
    const limit = 1024 * 1024;
    const chunk = Buffer.from(`${itemAt(csv, 1)}\n`.repeat(600)); // ~80 KB of CSV lines
    let pulled = 0;
    async function* endless(): AsyncGenerator<Buffer> {
      yield Buffer.from(`${itemAt(csv, 0)}\n`);
      for (;;) {
        pulled += chunk.length;
        yield chunk;
      }
    }
    await expect(workers.parse(endless(), { format: 'csv', maxInflatedBytes: limit })).rejects.toMatchObject({ inputCode: 'INPUT_TOO_LARGE' });
    expect(pulled).toBeGreaterThan(limit);
    // The worker takes the chunk that crosses the limit; the sender may overshoot its window by one and hold one more.
    expect(pulled).toBeLessThanOrEqual(limit + PARSE_WINDOW_BYTES + 3 * chunk.length);
  });
});
