import { itemAt } from '@platform/common';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { parseEvents, type ParsedRecord } from './parsing/parse-events';
import type { CleanEvent } from './schema/clean-event';
import { openRees46, rees46Lines, REES46_FILES, type Rees46File } from '@platform/testing';

// The counts of the data README's table.
const EXPECTED = {
  [REES46_FILES.november]: { rows: 300_000, view: 290_150, cart: 4_338, purchase: 5_512, duplicates: 114 },
  [REES46_FILES.october]: { rows: 100_000, view: 97_837, cart: 938, purchase: 1_225, duplicates: 14 },
};

async function parseAll(input: AsyncIterable<Buffer | string>, format: 'csv' | 'ndjson', source: string) {
  const records: ParsedRecord[] = [];
  const started = performance.now();
  for await (const batch of parseEvents(input, { format, source })) records.push(...batch);
  const seconds = (performance.now() - started) / 1000;
  return { records, seconds };
}

// Each file is parsed once and shared by every test that reads it.
const parsedOnce = new Map<Rees46File, Promise<{ records: ParsedRecord[]; seconds: number }>>();
function parsedCsv(file: Rees46File) {
  let parsed = parsedOnce.get(file);
  if (parsed === undefined) {
    parsed = parseAll(openRees46(file), 'csv', `datasource/${file}`);
    parsedOnce.set(file, parsed);
  }
  return parsed;
}

describe.each(Object.values(REES46_FILES))('the real REES46 rows of %s', (file: Rees46File) => {
  const expected = EXPECTED[file];
  let lines: string[];
  let records: ParsedRecord[];
  let events: CleanEvent[];

  beforeAll(async () => {
    lines = rees46Lines(file);
    const parsed = await parsedCsv(file);
    records = parsed.records;
    events = records.flatMap((record) => (record.ok ? [record.event] : []));
    const rate = Math.round(records.length / parsed.seconds);
    console.log(`${file}: parsed ${records.length} CSV gzip rows in ${parsed.seconds.toFixed(2)} s = ${rate} rows/s`);
  });

  it('parses every row and rejects none', () => {
    expect(lines).toHaveLength(expected.rows + 1);
    expect(records).toHaveLength(expected.rows);
    expect(records.filter((record) => !record.ok).slice(0, 3)).toEqual([]);
    expect(records.map((record) => record.line)).toEqual(lines.slice(1).map((_, index) => index + 2));
  });

  it('keeps every id, code, brand and session exactly as the CSV text has it', () => {
    const mismatches: string[] = [];
    lines.slice(1).forEach((line, index) => {
      const [time = '', type, productId, categoryId, categoryCode, brand, price, userId, session] = line.split(',');
      const event = itemAt(events, index);
      const got = [
        event.event_time,
        event.event_type,
        event.product_id,
        event.category_id,
        event.category_code ?? '',
        event.brand ?? '',
        event.price,
        event.user_id,
        event.user_session,
      ];
      const want = [`${time.slice(0, 10)}T${time.slice(11, 19)}.000Z`, type, productId, categoryId, categoryCode, brand, Number(price), userId, session];
      if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`line ${index + 2}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(events.every((event) => event.category_id.length === 19)).toBe(true);
  });

  it('counts view, cart and purchase events as the data README does', () => {
    const counts: Record<string, number> = {};
    for (const event of events) counts[event.event_type] = (counts[event.event_type] ?? 0) + 1;
    expect(counts).toEqual({ view: expected.view, cart: expected.cart, purchase: expected.purchase });
  });

  it('gives exact duplicate rows distinct event ids, and every row its own id', () => {
    const seen = new Set<string>();
    let duplicates = 0;
    for (const line of lines.slice(1)) {
      if (seen.has(line)) duplicates += 1;
      seen.add(line);
    }
    expect(duplicates).toBe(expected.duplicates);
    expect(new Set(events.map((event) => event.event_id)).size).toBe(expected.rows);
  });

  it('derives category levels from the code and leaves them absent without one', () => {
    const wrong = events.filter((event) =>
      event.category_code === undefined
        ? event.category_l1 !== undefined || event.category_l2 !== undefined
        : event.category_code.split('.').slice(0, 2).join('.') !== [event.category_l1, event.category_l2].filter(Boolean).join('.'),
    );
    expect(wrong.slice(0, 3)).toEqual([]);
    expect(events.filter((event) => event.category_l2 !== undefined).length).toBeGreaterThan(expected.rows / 2);
  });
});

// Heavier checks on the smaller file only, to keep the suite quick.
describe(`replaying the real rows of ${REES46_FILES.october}`, () => {
  const file = REES46_FILES.october;
  let lines: string[];
  let events: CleanEvent[];

  beforeAll(async () => {
    lines = rees46Lines(file);
    const parsed = await parsedCsv(file);
    events = parsed.records.flatMap((record) => (record.ok ? [record.event] : []));
  });

  it('gives the same ids when the object is replayed', async () => {
    const again = await parseAll(openRees46(file), 'csv', `datasource/${file}`);
    const ids = again.records.map((record) => (record.ok ? record.event.event_id : ''));
    expect(ids).toEqual(events.map((event) => event.event_id));
  });

  it('reads the same rows as gzip NDJSON to the same events (but for ids, which carry the line)', async () => {
    const header = itemAt(lines, 0).split(',');
    const ndjson = lines
      .slice(1)
      .map((line) => JSON.stringify(Object.fromEntries(line.split(',').map((value, index) => [header[index], value]))))
      .join('\n');
    const zipped = gzipSync(ndjson);
    const chunks = Array.from({ length: Math.ceil(zipped.length / 65536) }, (_, index) => zipped.subarray(index * 65536, (index + 1) * 65536));
    const parsed = await parseAll(Readable.from(chunks), 'ndjson', `datasource/${file}`);
    console.log(`${file}: parsed ${parsed.records.length} NDJSON gzip rows in ${parsed.seconds.toFixed(2)} s = ${Math.round(parsed.records.length / parsed.seconds)} rows/s`);
    const strip = ({ event_id: _id, ...rest }: CleanEvent) => rest;
    const fromNdjson = parsed.records.map((record) => (record.ok ? strip(record.event) : record));
    expect(fromNdjson).toEqual(events.map(strip));
  });
});
