import { itemAt } from '@platform/common';
import { gzipSync } from 'node:zlib';
import { EventInputError } from '../errors/event-input.error';
import { InputTooLargeError } from '../errors/input-too-large.error';
import { MalformedInputError } from '../errors/malformed-input.error';
import { MissingColumnsError } from '../errors/missing-columns.error';
import { TruncatedInputError } from '../errors/truncated-input.error';
import { collectParsed } from '../testing/collect-parsed';
import type { ParsedRecord } from './parse-events';

const HEADER = 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session';
const ROW_1 = '2019-11-01 00:00:00 UTC,view,5000088,2053013566100866035,appliances.sewing_machine,janome,293.65,530496790,8e5f4f83-366c-4f70-860e-ca7417414283';
const ROW_2 = '2019-11-01 00:00:01 UTC,purchase,17302664,2053013553853497655,,creed,28.31,561587266,755422e7-9040-477b-9bd2-6a6e8fd97387';
const CSV = `${HEADER}\n${ROW_1}\n${ROW_2}\n`;

const EVENT_1 = {
  event_time: '2019-11-01T00:00:00.000Z',
  event_type: 'view',
  product_id: '5000088',
  category_id: '2053013566100866035',
  category_code: 'appliances.sewing_machine',
  brand: 'janome',
  price: 293.65,
  user_id: '530496790',
  user_session: '8e5f4f83-366c-4f70-860e-ca7417414283',
};

const JSON_1 = {
  ...EVENT_1,
  event_time: '2019-11-01 00:00:00 UTC',
  price: '293.65',
};

function events(records: ParsedRecord[]) {
  return records.flatMap((record) => (record.ok ? [record.event] : []));
}

function rejections(records: ParsedRecord[]) {
  return records.flatMap((record) => (record.ok ? [] : record.rejections));
}

/** Splits a buffer into chunks of `size` bytes, to cross every boundary a stream may cut. */
function chunked(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += size) chunks.push(bytes.subarray(start, start + size));
  return chunks;
}

/** Many valid CSV rows, enough for several gzip output chunks. */
function manyRows(count: number): string {
  const rows = [HEADER];
  for (let i = 0; i < count; i++) rows.push(ROW_1.replace('530496790', String(530496790 + i)));
  return `${rows.join('\n')}\n`;
}

describe('parseEvents', () => {
  describe('CSV', () => {
    it('reads rows by header names and numbers lines from the header (line 1)', async () => {
      const { records, error } = await collectParsed(CSV, { format: 'csv' });
      expect(error).toBeUndefined();
      expect(records.map((record) => record.line)).toEqual([2, 3]);
      expect(events(records)[0]).toMatchObject(EVENT_1);
      expect(events(records)[1]).not.toHaveProperty('category_code');
    });

    it('takes columns in any order and ignores extra ones', async () => {
      const header = 'user_session,price,extra,user_id,brand,category_code,category_id,product_id,event_type,event_time';
      const row = '8e5f4f83-366c-4f70-860e-ca7417414283,293.65,ignored,530496790,janome,appliances.sewing_machine,2053013566100866035,5000088,view,2019-11-01 00:00:00 UTC';
      const { records } = await collectParsed(`${header}\n${row}\n`, { format: 'csv' });
      expect(events(records)).toEqual([expect.objectContaining(EVENT_1)]);
    });

    it('accepts a header with spaces and capitals', async () => {
      const { records } = await collectParsed(`${HEADER.toUpperCase().replace(/,/g, ' , ')}\n${ROW_1}\n`, { format: 'csv' });
      expect(events(records)).toEqual([expect.objectContaining(EVENT_1)]);
    });

    it('reads quoted fields holding commas, quotes and newlines', async () => {
      const row = '2019-11-01 00:00:00 UTC,view,5000088,2053013566100866035,"appliances.sewing_machine","Janome, ""Pro""\nEdition",293.65,530496790,8e5f4f83-366c-4f70-860e-ca7417414283';
      const { records } = await collectParsed(`${HEADER}\n${row}\n${ROW_2}\n`, { format: 'csv' });
      expect(events(records)[0]?.brand).toBe('janome, "pro"\nedition');
      // `line` is where a record ends: the quoted newline pushes the next row to line 4.
      expect(records.map((record) => record.line)).toEqual([3, 4]);
    });

    it('strips a UTF-8 BOM and reads CRLF line ends', async () => {
      const { records } = await collectParsed(`\uFEFF${CSV.replace(/\n/g, '\r\n')}`, { format: 'csv' });
      expect(events(records)).toHaveLength(2);
      expect(events(records)[0]).toMatchObject(EVENT_1);
      expect(events(records)[1]?.user_session).toBe('755422e7-9040-477b-9bd2-6a6e8fd97387');
    });

    it('names every missing required column', async () => {
      const { records, error } = await collectParsed('event_time,event_type,product_id,brand,price\n', { format: 'csv' });
      expect(records).toEqual([]);
      expect(error).toBeInstanceOf(MissingColumnsError);
      expect(error).toMatchObject({ code: 'MISSING_COLUMNS', retriable: false, missing: ['category_id', 'user_id', 'user_session'] });
      expect((error as Error).message).toContain('category_id, user_id, user_session');
    });

    it('reads files without the optional category_code and brand columns as empty', async () => {
      const header = 'event_time,event_type,product_id,category_id,price,user_id,user_session';
      const row = '2019-11-01 00:00:00 UTC,view,5000088,2053013566100866035,293.65,530496790,8e5f4f83-366c-4f70-860e-ca7417414283';
      const { records } = await collectParsed(`${header}\n${row}\n`, { format: 'csv' });
      expect(events(records)[0]).not.toHaveProperty('brand');
      expect(events(records)[0]).not.toHaveProperty('category_code');
    });

    it('rejects a row with the wrong number of fields and goes on', async () => {
      const { records, error } = await collectParsed(`${HEADER}\n${ROW_1},extra\n2019-11-01 00:00:00 UTC,view\n${ROW_2}\n`, {
        format: 'csv',
      });
      expect(error).toBeUndefined();
      expect(rejections(records)).toEqual([
        expect.objectContaining({ line: 2, field: 'record', rule: 'csv', message: expect.stringContaining('10 fields where the header has 9') }),
        expect.objectContaining({ line: 3, field: 'record', rule: 'csv' }),
      ]);
      expect(events(records)).toHaveLength(1);
      expect(records[2]).toMatchObject({ ok: true, line: 4 });
    });

    it('keeps a stray quote as text, so only its own row is rejected', async () => {
      const broken = '2019-11-01 00:00:00 UTC,view,5000088,2053013566100866035,"appliances"x,janome,293.65,530496790,8e5f4f83-366c-4f70-860e-ca7417414283';
      const { records, error } = await collectParsed(`${HEADER}\n${ROW_1}\n${broken}\n${ROW_2}\n`, { format: 'csv' });
      expect(error).toBeUndefined();
      expect(events(records).map((event) => event.product_id)).toEqual(['5000088', '17302664']);
      expect(rejections(records)).toEqual([
        expect.objectContaining({ line: 3, field: 'category_code', value: '"appliances"x', rule: 'category_code' }),
      ]);
    });

    it('fails the object, naming the line, when a quoted field is never closed', async () => {
      const unclosed = '2019-11-01 00:00:00 UTC,view,5000088,2053013566100866035,"appliances,janome,293.65,530496790,8e5f4f83-366c-4f70-860e-ca7417414283';
      const { records, error } = await collectParsed(`${HEADER}\n${ROW_1}\n${unclosed}\n${ROW_2}\n${ROW_2}\n`, { format: 'csv' });
      expect(events(records)).toHaveLength(1);
      expect(error).toBeInstanceOf(MalformedInputError);
      expect(error).toMatchObject({ line: 3, retriable: false });
      expect((error as Error).message).toContain('line 3 opens a quoted field that is never closed');
    });

    it('yields validation rejections beside valid records, in order, without stopping', async () => {
      const bad = ROW_2.replace('28.31', '-1').replace('purchase', 'zoom');
      const { records, error } = await collectParsed(`${HEADER}\n${ROW_1}\n${bad}\n${ROW_2}\n`, { format: 'csv' });
      expect(error).toBeUndefined();
      expect(records.map((record) => record.ok)).toEqual([true, false, true]);
      const rejected = itemAt(records, 1);
      if (rejected.ok) throw new Error('expected a rejection');
      expect(rejected.raw).toMatchObject({ price: '-1', event_type: 'zoom' });
      expect(rejected.rejections.map(({ line, field, rule }) => ({ line, field, rule }))).toEqual([
        { line: 3, field: 'event_type', rule: 'event_type' },
        { line: 3, field: 'price', rule: 'non_negative' },
      ]);
    });

    it('skips blank lines but keeps counting them', async () => {
      const { records } = await collectParsed(`${HEADER}\n\n${ROW_1}\n\n\n${ROW_2}`, { format: 'csv' });
      expect(records.map((record) => record.line)).toEqual([3, 6]);
    });

    it('yields nothing for an empty object', async () => {
      expect(await collectParsed('', { format: 'csv' })).toEqual({ records: [], batches: 0 });
    });

    it('gives the same result however the bytes are chunked', async () => {
      const whole = await collectParsed(CSV, { format: 'csv' });
      const bytewise = await collectParsed(chunked(Buffer.from(`\uFEFF${CSV}`), 1), { format: 'csv' });
      expect(bytewise.records).toEqual(whole.records);
    });
  });

  describe('NDJSON', () => {
    const line1 = JSON.stringify(JSON_1);
    const line2 = JSON.stringify({ ...JSON_1, event_type: 'cart', brand: null });

    it('reads one object per line, numbering lines from 1, blank lines counted and skipped', async () => {
      const { records, error } = await collectParsed(`${line1}\r\n\n${line2}`, { format: 'ndjson' });
      expect(error).toBeUndefined();
      expect(records.map((record) => record.line)).toEqual([1, 3]);
      expect(events(records)[0]).toMatchObject(EVENT_1);
      expect(events(records)[1]).not.toHaveProperty('brand');
    });

    it('rejects a malformed line by its line number and goes on', async () => {
      const { records, error } = await collectParsed(`${line1}\n{"event_time": "2019-11-01\n${line2}\n`, { format: 'ndjson' });
      expect(error).toBeUndefined();
      expect(records.map((record) => record.ok)).toEqual([true, false, true]);
      expect(rejections(records)).toEqual([
        expect.objectContaining({ line: 2, field: 'record', rule: 'json', value: '{"event_time": "2019-11-01' }),
      ]);
      expect(records[1]).toMatchObject({ raw: '{"event_time": "2019-11-01' });
    });

    it('rejects lines that are not objects', async () => {
      const { records } = await collectParsed(`[1,2]\n42\nnull\n${line1}\n`, { format: 'ndjson' });
      expect(rejections(records).map(({ line, rule }) => `${line}:${rule}`)).toEqual(['1:json_object', '2:json_object', '3:json_object']);
      expect(events(records)).toHaveLength(1);
    });

    it('rejects 19-digit ids sent as JSON numbers, naming the field and asking for a string', async () => {
      // JSON.parse has already rounded 2053013566100866035 to 2053013566100866000.
      const numeric = `{"event_time":"2019-11-01 00:00:00 UTC","event_type":"view","product_id":5000088,"category_id":2053013566100866035,"price":293.65,"user_id":530496790,"user_session":"8e5f4f83-366c-4f70-860e-ca7417414283"}`;
      const { records } = await collectParsed(`${numeric}\n`, { format: 'ndjson' });
      expect(rejections(records)).toEqual([
        expect.objectContaining({ line: 1, field: 'category_id', rule: 'id_as_string', message: expect.stringContaining('send ids as JSON strings') }),
      ]);
      expect(records[0]).toMatchObject({ ok: false, raw: numeric });
    });

    it('accepts the same ids as strings, exactly, and small ids and prices as numbers', async () => {
      const stringy = `{"event_time":"2019-11-01 00:00:00 UTC","event_type":"view","product_id":5000088,"category_id":"2053013566100866035","price":293.65,"user_id":530496790,"user_session":"8e5f4f83-366c-4f70-860e-ca7417414283"}`;
      const { records } = await collectParsed(`${stringy}\n`, { format: 'ndjson' });
      expect(events(records)).toEqual([
        expect.objectContaining({ category_id: '2053013566100866035', product_id: '5000088', user_id: '530496790', price: 293.65 }),
      ]);
    });

    it('rejects objects and booleans where text belongs', async () => {
      const { records } = await collectParsed(`${JSON.stringify({ ...JSON_1, brand: { name: 'x' }, price: true })}\n`, { format: 'ndjson' });
      expect(rejections(records).map(({ field, rule }) => `${field}:${rule}`)).toEqual(['brand:json_type', 'price:json_type']);
    });

    it('strips a BOM', async () => {
      const { records } = await collectParsed(`\uFEFF${line1}\n`, { format: 'ndjson' });
      expect(events(records)).toHaveLength(1);
    });
  });

  describe('JSON array', () => {
    it('numbers elements from 1', async () => {
      const { records } = await collectParsed(JSON.stringify([JSON_1, { ...JSON_1, price: 'free' }, 7]), { format: 'json' });
      expect(records.map((record) => [record.line, record.ok])).toEqual([
        [1, true],
        [2, false],
        [3, false],
      ]);
      expect(rejections(records).map(({ line, field, rule }) => `${line}:${field}:${rule}`)).toEqual(['2:price:number', '3:record:json_object']);
    });

    it('reads a lone object as one event', async () => {
      const { records } = await collectParsed(JSON.stringify(JSON_1), { format: 'json' });
      expect(events(records)).toEqual([expect.objectContaining(EVENT_1)]);
    });

    it('fails the object when the JSON does not parse', async () => {
      const { error } = await collectParsed('[{"event_time": 1},', { format: 'json' });
      expect(error).toBeInstanceOf(MalformedInputError);
      expect(error).toMatchObject({ code: 'MALFORMED_INPUT', retriable: false });
    });

    it('refuses arrays over the size limit and points to NDJSON', async () => {
      const { error } = await collectParsed(JSON.stringify(Array(100).fill(JSON_1)), { format: 'json', maxJsonBytes: 1000 });
      expect(error).toBeInstanceOf(InputTooLargeError);
      expect((error as Error).message).toContain('NDJSON');
    });
  });

  describe('gzip', () => {
    it.each([
      ['csv', CSV],
      ['ndjson', `${JSON.stringify(JSON_1)}\n`],
      ['json', JSON.stringify([JSON_1])],
    ] as const)('detects gzip by magic bytes for %s', async (format, text) => {
      const plain = await collectParsed(text, { format });
      const zipped = await collectParsed(gzipSync(text), { format });
      expect(zipped.error).toBeUndefined();
      expect(zipped.records).toEqual(plain.records);
      expect(events(zipped.records)[0]).toMatchObject(EVENT_1);
    });

    it.each(['csv', 'ndjson', 'json'] as const)('stops inflating a gzip bomb at maxInflatedBytes (%s)', async (format) => {
      // 64 MiB of zeros in about 64 KiB: inflated only up to the 1 MiB limit, never held whole.
      const bomb = gzipSync(Buffer.alloc(64 << 20), { level: 9 });
      const { records, error } = await collectParsed(chunked(bomb, 16 * 1024), { format, maxInflatedBytes: 1 << 20 });
      expect(records).toEqual([]);
      expect(error).toBeInstanceOf(InputTooLargeError);
      expect(error).toMatchObject({ code: 'INPUT_TOO_LARGE', limit: 'inflated', limitBytes: 1 << 20 });
    });

    it.each(['csv', 'ndjson'] as const)('keeps every complete %s line before the inflated limit, none after', async (format) => {
      const text = format === 'csv' ? manyRows(5000) : `${Array(5000).fill(JSON.stringify(JSON_1)).join('\n')}\n`;
      const lineBytes = Buffer.byteLength(text.split('\n')[1] ?? '') + 1;
      const limit = 1000 * lineBytes + 17; // past line 1000 (CSV: the header is line 1), into the next
      const { records, error } = await collectParsed(gzipSync(text), { format, maxInflatedBytes: limit });
      expect(error).toBeInstanceOf(InputTooLargeError);
      const lines = records.map((record) => record.line);
      expect(Math.max(...lines)).toBeGreaterThanOrEqual(999);
      expect(Math.max(...lines)).toBeLessThanOrEqual(1000);
      expect(rejections(records)).toEqual([]); // no half line read as a record
    });

    it('reads gzip handed over in 1-byte chunks', async () => {
      const { records } = await collectParsed(chunked(gzipSync(CSV), 1), { format: 'csv' });
      expect(events(records)).toHaveLength(2);
    });

    it('reads concatenated gzip members', async () => {
      const { records } = await collectParsed(Buffer.concat([gzipSync(`${HEADER}\n${ROW_1}\n`), gzipSync(`${ROW_2}\n`)]), { format: 'csv' });
      expect(events(records)).toHaveLength(2);
    });

    it.each(['csv', 'ndjson'] as const)('yields every complete %s line of a truncated gzip, then fails the object', async (format) => {
      const text = format === 'csv' ? manyRows(20_000) : manyRows(20_000).split('\n').slice(1, -1).map((row) => ndjsonOf(row)).join('\n');
      const zipped = gzipSync(text);
      const { records, error } = await collectParsed(chunked(zipped.subarray(0, Math.floor(zipped.length * 0.6)), 4096), { format });
      expect(error).toBeInstanceOf(TruncatedInputError);
      expect(error).toBeInstanceOf(EventInputError);
      expect(error).toMatchObject({ code: 'TRUNCATED_INPUT', retriable: false });
      // Every record yielded is valid (no half line), lines are contiguous, and the error names the last one.
      expect(records.length).toBeGreaterThan(1000);
      expect(records.length).toBeLessThan(20_000);
      expect(rejections(records)).toEqual([]);
      const first = format === 'csv' ? 2 : 1;
      expect(records.map((record) => record.line)).toEqual(records.map((_, index) => index + first));
      const last = itemAt(records, records.length - 1).line;
      expect((error as TruncatedInputError).afterLine).toBe(last);
      expect((error as Error).message).toContain(`after line ${last}`);
    });

    it('fails the object on corrupt gzip data', async () => {
      const zipped = gzipSync(manyRows(100));
      zipped.fill(0x55, 40, 80);
      const { error } = await collectParsed(zipped, { format: 'csv' });
      expect(error).toBeInstanceOf(MalformedInputError);
      expect(error).toMatchObject({ retriable: false });
    });

    it('fails a truncated gzip JSON array without yielding anything', async () => {
      const zipped = gzipSync(JSON.stringify(Array(2000).fill(JSON_1)));
      const { records, error } = await collectParsed(zipped.subarray(0, zipped.length - 20), { format: 'json' });
      expect(records).toEqual([]);
      expect(error).toBeInstanceOf(TruncatedInputError);
    });
  });

  it('fails the object on a line too long to be an event instead of buffering it', async () => {
    const { error } = await collectParsed(chunked(Buffer.alloc(17 << 20, 0x61), 1 << 20), { format: 'ndjson' });
    expect(error).toBeInstanceOf(MalformedInputError);
    expect((error as Error).message).toContain('a line is longer than');
  });

  it('reads a JSON array written on one long line', async () => {
    const { records } = await collectParsed(JSON.stringify(Array(5000).fill(JSON_1)), { format: 'json' });
    expect(events(records)).toHaveLength(5000);
  });

  it('leaves event ids empty with eventIds: false, and every other field as with them', async () => {
    const withIds = await collectParsed(CSV, { format: 'csv' });
    const without = await collectParsed(CSV, { format: 'csv', eventIds: false });
    expect(events(withIds.records).every((event) => /^[0-9a-f]{32}$/.test(event.event_id))).toBe(true);
    expect(events(without.records)).toEqual(events(withIds.records).map((event) => ({ ...event, event_id: '' })));
  });

  it('yields batches of the requested size', async () => {
    const { records, batches } = await collectParsed(manyRows(2500), { format: 'csv', batchSize: 1000 });
    expect(records).toHaveLength(2500);
    expect(batches).toBe(3);
  });

  it('passes errors of the caller stream through unchanged', async () => {
    async function* failing() {
      yield Buffer.from(CSV);
      throw new Error('connection reset');
    }
    const { records, error } = await collectParsed(failing(), { format: 'csv' });
    expect(events(records)).toHaveLength(2);
    expect(error).toEqual(new Error('connection reset'));
  });
});

function ndjsonOf(csvRow: string): string {
  const [event_time, event_type, product_id, category_id, category_code, brand, price, user_id, user_session] = csvRow.split(',');
  return JSON.stringify({ event_time, event_type, product_id, category_id, category_code, brand, price, user_id, user_session });
}
