import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { rees46Lines, REES46_FILES } from '@platform/testing';
import { EventInputError } from '../errors/event-input.error';
import { collectParsed } from '../testing/collect-parsed';
import { chunked } from '../testing/chunked';
import type { EventFormat } from './event-format';

/**
 * The parsers never crash or hang, whatever the bytes: random bytes and mutated real REES46 rows,
 * in every format, gzip or not, in random chunkings, give records or an `EventInputError` that
 * says what is wrong, within a time bound. Runs and sizes are bounded so the suite stays quick.
 */
const FORMATS: readonly EventFormat[] = ['csv', 'ndjson', 'json'];
const LIMIT_BYTES = 1 << 20;
const PER_INPUT_MS = 5_000;
const NOW_MS = Date.parse('2026-01-01T00:00:00Z');

const [headerLine = '', ...rowLines] = rees46Lines(REES46_FILES.october).slice(0, 301);
const COLUMNS = headerLine.split(',');
const ROWS = rowLines.map((line) => {
  const fields = line.split(',');
  return Object.fromEntries(COLUMNS.map((column, i) => [column, fields[i] ?? '']));
});

function render(rows: Record<string, string>[], format: EventFormat): string {
  if (format === 'json') return JSON.stringify(rows);
  if (format === 'ndjson') return rows.map((row) => JSON.stringify(row)).join('\n');
  return [headerLine, ...rows.map((row) => COLUMNS.map((column) => row[column]).join(','))].join('\n');
}

type Mutation = { at: number; kind: 'flip' | 'insert' | 'delete' | 'cut'; byte: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom<Mutation['kind']>('flip', 'insert', 'delete', 'cut'),
  // Bytes that matter to the grammars as well as random ones.
  byte: fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(...Buffer.from('"\',\n\r{}[]:\\\u00ff0 '))),
});

function mutated(bytes: Buffer, mutations: Mutation[]): Buffer {
  let out = bytes;
  for (const { at, kind, byte } of mutations) {
    if (out.length === 0) break;
    const i = at % out.length;
    if (kind === 'flip') out = Buffer.concat([out.subarray(0, i), Buffer.from([byte]), out.subarray(i + 1)]);
    if (kind === 'insert') out = Buffer.concat([out.subarray(0, i), Buffer.from([byte]), out.subarray(i)]);
    if (kind === 'delete') out = Buffer.concat([out.subarray(0, i), out.subarray(i + 1)]);
    if (kind === 'cut') out = out.subarray(0, i);
  }
  return out;
}

/** Parses within `PER_INPUT_MS`, and checks the outcome is records or a clear input error. */
async function parseWithinBound(chunks: Buffer[], format: EventFormat) {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`parsing ${format} did not end within ${PER_INPUT_MS} ms`)), PER_INPUT_MS);
  });
  try {
    const outcome = await Promise.race([collectParsed(chunks, { format, maxInflatedBytes: LIMIT_BYTES, maxJsonBytes: LIMIT_BYTES, nowMs: NOW_MS }), hang]);
    for (const record of outcome.records) {
      expect(Number.isInteger(record.line) && record.line >= 1).toBe(true);
      if (!record.ok) expect(record.rejections.length).toBeGreaterThan(0);
      if (!record.ok) for (const rejection of record.rejections) expect(rejection.message).toEqual(expect.any(String));
    }
    if (outcome.error !== undefined) {
      // Anything else (a TypeError, a RangeError) is a crash of the parser.
      expect(outcome.error).toBeInstanceOf(EventInputError);
      expect((outcome.error as EventInputError).message.length).toBeGreaterThan(10);
    }
    return outcome;
  } finally {
    clearTimeout(timer);
  }
}

const chunkSizesArb = fc.array(fc.integer({ min: 1, max: 4096 }), { maxLength: 6 });

describe('parseEvents under any bytes (fast-check)', () => {
  it('reads unmutated real rows in every format, gzip or not, in any chunking, as exactly those events', async () => {
    await fc.assert(
      fc.asyncProperty(fc.subarray(ROWS, { minLength: 1, maxLength: 40 }), fc.constantFrom(...FORMATS), fc.boolean(), chunkSizesArb, async (rows, format, gzip, sizes) => {
        const text = Buffer.from(render(rows, format));
        const { records, error } = await parseWithinBound(chunked(gzip ? gzipSync(text) : text, sizes), format);
        expect(error).toBeUndefined();
        expect(records.filter((record) => record.ok)).toHaveLength(rows.length);
      }),
      { numRuns: 60 },
    );
  });

  it('gives records or a clear error, never a crash or a hang, for mutated real rows in every format', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(ROWS, { minLength: 1, maxLength: 30 }),
        fc.constantFrom(...FORMATS),
        fc.constantFrom('plain', 'gzip', 'gzip-then-mutated'),
        fc.array(mutationArb, { minLength: 1, maxLength: 8 }),
        chunkSizesArb,
        async (rows, format, encoding, mutations, sizes) => {
          const text = Buffer.from(render(rows, format));
          const bytes =
            encoding === 'plain' ? mutated(text, mutations) : encoding === 'gzip' ? gzipSync(mutated(text, mutations)) : mutated(gzipSync(text), mutations);
          await parseWithinBound(chunked(bytes, sizes), format);
        },
      ),
      { numRuns: 250 },
    );
  });

  it('gives records or a clear error for random bytes, gzip or not, in every format', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.constantFrom(...FORMATS), fc.boolean(), chunkSizesArb, async (random, format, gzip, sizes) => {
        const bytes = Buffer.from(random);
        await parseWithinBound(chunked(gzip ? gzipSync(bytes) : bytes, sizes), format);
      }),
      { numRuns: 250 },
    );
  });

  it('stops a compressed input that inflates past the limit with a clear error, in every format', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FORMATS), fc.constantFrom(0x00, 0x0a, 0x20, 0x7b), async (format, byte) => {
        const bomb = gzipSync(Buffer.alloc(LIMIT_BYTES * 4, byte));
        const { error } = await parseWithinBound([bomb], format);
        expect(error).toBeInstanceOf(EventInputError);
      }),
      { numRuns: 12 },
    );
  });
});
