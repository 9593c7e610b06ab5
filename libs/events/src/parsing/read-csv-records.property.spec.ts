import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { rees46Lines, REES46_FILES } from '@platform/testing';
import { chunked } from '../testing/chunked';
import { readCsvRecords } from './read-csv-records';
import type { SourceRecord } from './source-record';

/**
 * The quote-free reader is a shortcut, not a second grammar: on any CSV (real rows mutated with
 * the bytes that matter to CSV: quotes, commas, CR, LF, BOM), in any chunking, gzip or not, it
 * gives exactly the records and the error csv-parse alone gives.
 */
const [HEADER = '', ...ROWS] = rees46Lines(REES46_FILES.october).slice(0, 201);
const LIMIT_BYTES = 1 << 20;

async function readAll(chunks: Buffer[], quoteFree: boolean): Promise<{ records: SourceRecord[]; error?: string }> {
  const records: SourceRecord[] = [];
  const input = (async function* () {
    yield* chunks;
  })();
  try {
    for await (const batch of readCsvRecords(input, LIMIT_BYTES, quoteFree)) records.push(...batch);
  } catch (error) {
    return { records, error: `${(error as Error).constructor.name}: ${(error as Error).message}` };
  }
  return { records };
}

const editArb = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('flip', 'insert', 'delete'),
  text: fc.constantFrom('"', ',', '\r', '\n', '\n\n', '\uFEFF', ' ', 'x', '\u00e9', ',,'),
});

describe('readCsvRecords quote-free reader (fast-check)', () => {
  it('gives the records and error csv-parse alone gives, for mutated real rows in any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(ROWS, { minLength: 0, maxLength: 40 }),
        fc.array(editArb, { maxLength: 6 }),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 2048 }), { maxLength: 5 }),
        async (rows, edits, trailingNewline, gzip, sizes) => {
          let text = [HEADER, ...rows].join('\n') + (trailingNewline ? '\n' : '');
          for (const { at, kind, text: piece } of edits) {
            const i = text.length === 0 ? 0 : at % text.length;
            if (kind === 'flip') text = text.slice(0, i) + piece + text.slice(i + 1);
            if (kind === 'insert') text = text.slice(0, i) + piece + text.slice(i);
            if (kind === 'delete') text = text.slice(0, i) + text.slice(i + 1);
          }
          const bytes = gzip ? gzipSync(text) : Buffer.from(text);
          const fast = await readAll(chunked(bytes, sizes), true);
          const reference = await readAll(chunked(bytes, sizes), false);
          expect(fast).toEqual(reference);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads a truncated gzip export like csv-parse: the complete lines, then the same error', async () => {
    const gzip = gzipSync(`${[HEADER, ...ROWS].join('\n')}\n`);
    for (const cut of [gzip.length - 10, Math.floor(gzip.length / 2), 30]) {
      const bytes = gzip.subarray(0, cut);
      const fast = await readAll([bytes], true);
      expect(fast.error).toMatch(/TruncatedInputError/);
      expect(fast).toEqual(await readAll([bytes], false));
    }
  });
});
