import { EVENT_LIMITS } from '../schema/event-limits';
import type { RawEvent } from '../schema/raw-event';
import { cleanEvent, eventBoundsAt, type CleanResult } from './clean-event';

const at = { source: 'bronze/events/a.csv', line: 7 };

function raw(overrides: Partial<RawEvent> = {}): RawEvent {
  return {
    event_time: '2019-11-01 00:00:05 UTC',
    event_type: 'view',
    product_id: '1003461',
    category_id: '2053013555631882655',
    category_code: 'electronics.smartphone',
    brand: 'xiaomi',
    price: '489.07',
    user_id: '520088904',
    user_session: '4d3b30da-a5e4-49df-b1a8-ba5943f1dd33',
    ...overrides,
  };
}

function rejected(result: CleanResult) {
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.event)}`);
  return result.rejections;
}

function accepted(result: CleanResult) {
  if (!result.ok) throw new Error(`expected an event, got ${JSON.stringify(result.rejections)}`);
  return result.event;
}

describe('cleanEvent', () => {
  it('normalises a REES46 row and derives category levels, weekday, hour and an id', () => {
    const event = accepted(cleanEvent(raw(), at));
    expect(event).toEqual({
      event_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      event_time: '2019-11-01T00:00:05.000Z',
      event_time_ms: Date.UTC(2019, 10, 1, 0, 0, 5),
      event_type: 'view',
      product_id: '1003461',
      category_id: '2053013555631882655',
      category_code: 'electronics.smartphone',
      category_l1: 'electronics',
      category_l2: 'smartphone',
      brand: 'xiaomi',
      price: 489.07,
      user_id: '520088904',
      user_session: '4d3b30da-a5e4-49df-b1a8-ba5943f1dd33',
      weekday: 4, // 2019-11-01 was a Friday; Monday is 0
      hour: 0,
    });
  });

  it('numbers weekdays from Monday = 0 to Sunday = 6 and hours in UTC', () => {
    const day = (iso: string) => accepted(cleanEvent(raw({ event_time: iso }), at));
    expect(day('2019-11-04T13:00:00Z')).toMatchObject({ weekday: 0, hour: 13 }); // Monday
    expect(day('2019-11-10T23:59:59Z')).toMatchObject({ weekday: 6, hour: 23 }); // Sunday
    expect(day('2019-11-04T01:30:00+02:00')).toMatchObject({ weekday: 6, hour: 23, event_time: '2019-11-03T23:30:00.000Z' });
  });

  it.each([
    ['2019-11-01 00:00:00 UTC', '2019-11-01T00:00:00.000Z'],
    ['2019-11-01T00:00:00Z', '2019-11-01T00:00:00.000Z'],
    ['2019-11-01T00:00:00.123456Z', '2019-11-01T00:00:00.123Z'],
    ['2019-11-01T02:00:00+02:00', '2019-11-01T00:00:00.000Z'],
    ['2019-11-01T02:00:00+0200', '2019-11-01T00:00:00.000Z'],
    ['2019-10-31T19:00:00-05', '2019-11-01T00:00:00.000Z'],
    ['2019-11-01T00:00Z', '2019-11-01T00:00:00.000Z'],
    ['2020-02-29 12:00:00 UTC', '2020-02-29T12:00:00.000Z'],
    ['  2019-11-01 00:00:00 UTC  ', '2019-11-01T00:00:00.000Z'],
  ])('reads event_time %j as %s', (text, iso) => {
    expect(accepted(cleanEvent(raw({ event_time: text }), at)).event_time).toBe(iso);
  });

  it.each([
    '2019-11-01 00:00:00', // no zone: local time of whom?
    '2019-02-29 00:00:00 UTC', // not a leap year
    '2019-11-31 00:00:00 UTC',
    '2019-13-01 00:00:00 UTC',
    '2019-11-01 24:00:00 UTC',
    '2019-11-01 00:60:00 UTC',
    '2019-11-01T00:00:00+25:00',
    '1969-12-31T23:59:59Z',
    '01/11/2019 00:00:00',
    'yesterday',
    '1572566400000',
  ])('rejects event_time %j by the date_time rule', (text) => {
    expect(rejected(cleanEvent(raw({ event_time: text }), at))).toEqual([
      expect.objectContaining({ line: 7, field: 'event_time', value: text, rule: 'date_time' }),
    ]);
  });

  describe('bounds of the stores (DESIGN.md section 5)', () => {
    const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
    const clean = (overrides: Partial<RawEvent>) => cleanEvent(raw(overrides), at, eventBoundsAt(NOW));
    const rules = (overrides: Partial<RawEvent>) => rejected(clean(overrides)).map(({ field, rule }) => `${field}:${rule}`);

    it.each([
      ['9999-12-31 23:59:59 UTC'],
      ['2026-01-16T12:00:01Z'], // a day and a second past the clock
      ['1999-12-31T23:59:59Z'],
      ['1970-01-01T00:00:00Z'],
    ])('rejects event_time %j outside 2000-01-01 .. now + 1 day (time_range)', (text) => {
      const [rejection] = rejected(clean({ event_time: text }));
      expect(rejection).toMatchObject({ field: 'event_time', value: text, rule: 'time_range' });
      expect(rejection?.message).toContain('2026-01-16T12:00:00.000Z');
    });

    it.each([['2000-01-01T00:00:00Z'], ['2026-01-16T12:00:00Z'], ['2026-01-16T11:00:00+00:00']])('accepts event_time %j inside the window', (text) => {
      expect(accepted(clean({ event_time: text })).event_time_ms).toBe(Date.parse(text));
    });

    it('uses the clock of the call by default', () => {
      const soon = new Date(Date.now() + 3_600_000).toISOString();
      const late = new Date(Date.now() + 2 * 86_400_000).toISOString();
      expect(cleanEvent(raw({ event_time: soon }), at).ok).toBe(true);
      expect(rejected(cleanEvent(raw({ event_time: late }), at))[0]?.rule).toBe('time_range');
    });

    it('rejects a brand longer than the offline store keeps, and keeps one at the limit', () => {
      expect(rules({ brand: 'b'.repeat(EVENT_LIMITS.brandLength + 1) })).toEqual(['brand:max_length']);
      expect(rules({ brand: 'b'.repeat(300) })).toEqual(['brand:max_length']);
      expect(accepted(clean({ brand: 'b'.repeat(EVENT_LIMITS.brandLength) })).brand).toHaveLength(255);
      // Measured after trimming and lower-casing, as stored.
      expect(accepted(clean({ brand: ` ${'B'.repeat(255)}  ` })).brand).toBe('b'.repeat(255));
    });

    it('rejects a category code over 255 characters, or with a first or second segment over 128', () => {
      expect(rules({ category_code: `a.${'b'.repeat(254)}` })).toEqual(['category_code:max_length']);
      expect(rules({ category_code: `${'a'.repeat(129)}.b` })).toEqual(['category_code:max_length']);
      expect(rules({ category_code: `a.${'b'.repeat(129)}` })).toEqual(['category_code:max_length']);
      expect(rules({ category_code: 'a'.repeat(129) })).toEqual(['category_code:max_length']);
      const edge = accepted(clean({ category_code: `${'a'.repeat(128)}.${'b'.repeat(126)}` }));
      expect([edge.category_l1?.length, edge.category_l2?.length, edge.category_code?.length]).toEqual([128, 126, 255]);
      // Only the first two segments are stored apart: a long third one is fine.
      expect(accepted(clean({ category_code: `a.b.${'c'.repeat(200)}` })).category_l2).toBe('b');
    });

    it.each([
      ['a NUL character', 'acme\u0000corp'],
      ['an unpaired high surrogate', 'acme\ud800'],
      ['an unpaired low surrogate', '\udc00acme'],
    ])('rejects a brand holding %s (text)', (_, brand) => {
      const [rejection] = rejected(clean({ brand }));
      expect(rejection).toMatchObject({ field: 'brand', rule: 'text' });
    });

    it('keeps brands with paired surrogates (emoji) and other Unicode', () => {
      expect(accepted(clean({ brand: 'café 😀' })).brand).toBe('café 😀');
    });

    it('rejects ids of more than 20 digits', () => {
      expect(rules({ user_id: '1'.repeat(21) })).toEqual(['user_id:digits']);
    });
  });

  it.each([
    ['-3.5', 'non_negative'],
    ['-0.01', 'non_negative'],
    ['abc', 'number'],
    ['12,50', 'number'],
    ['0x10', 'number'],
    ['Infinity', 'number'],
    ['1e999', 'number'],
    ['NaN', 'number'],
    ['', 'required'],
    ['   ', 'required'],
  ])('rejects price %j by the %s rule', (price, rule) => {
    const [rejection] = rejected(cleanEvent(raw({ price }), at));
    expect(rejection).toMatchObject({ line: 7, field: 'price', value: price, rule });
    expect(rejection?.message).toContain('line 7: price');
    expect(rejection?.message).toContain(rule);
  });

  it.each([
    ['0', 0],
    ['0.00', 0],
    ['-0', 0],
    ['1e3', 1000],
    ['+12.5', 12.5],
    [' 29.99 ', 29.99],
  ])('accepts price %j as %d', (price, value) => {
    expect(Object.is(accepted(cleanEvent(raw({ price }), at)).price, value)).toBe(true);
  });

  it('accepts the four event types, case-insensitively', () => {
    for (const type of ['view', 'cart', 'remove_from_cart', 'purchase']) {
      expect(accepted(cleanEvent(raw({ event_type: type.toUpperCase() }), at)).event_type).toBe(type);
    }
  });

  it('rejects unknown event types', () => {
    expect(rejected(cleanEvent(raw({ event_type: 'click' }), at))).toEqual([
      expect.objectContaining({ field: 'event_type', value: 'click', rule: 'event_type' }),
    ]);
  });

  it('keeps ids as exact digit strings, 19 and 20 digits included', () => {
    const event = accepted(
      cleanEvent(raw({ category_id: '2053013555631882655', product_id: '18446744073709551615', user_id: '0012' }), at),
    );
    expect(event).toMatchObject({ category_id: '2053013555631882655', product_id: '18446744073709551615', user_id: '0012' });
  });

  it.each([
    ['product_id', '12a'],
    ['product_id', '-5'],
    ['user_id', '1.5'],
    ['category_id', '123456789012345678901'],
    ['category_id', '2.053013555631883e18'],
  ] as const)('rejects %s %j by the digits rule', (field, value) => {
    expect(rejected(cleanEvent(raw({ [field]: value }), at))).toEqual([expect.objectContaining({ field, value, rule: 'digits' })]);
  });

  it('treats empty category_code and brand as absent, never as "None"', () => {
    const event = accepted(cleanEvent(raw({ category_code: '', brand: '  ' }), at));
    expect(event).not.toHaveProperty('category_code');
    expect(event).not.toHaveProperty('category_l1');
    expect(event).not.toHaveProperty('category_l2');
    expect(event).not.toHaveProperty('brand');
    expect(JSON.stringify(event)).not.toMatch(/None|null/);
  });

  it('keeps brands that look like missing-value markers: "nan" is a real REES46 brand', () => {
    expect(accepted(cleanEvent(raw({ brand: 'nan' }), at)).brand).toBe('nan');
  });

  it('trims and lower-cases brand, category code and session', () => {
    const event = accepted(
      cleanEvent(
        raw({ brand: ' Samsung ', category_code: ' Appliances.Kitchen.Washer ', user_session: ' 4D3B30DA-A5E4-49DF-B1A8-BA5943F1DD33 ' }),
        at,
      ),
    );
    expect(event).toMatchObject({
      brand: 'samsung',
      category_code: 'appliances.kitchen.washer',
      category_l1: 'appliances',
      category_l2: 'kitchen',
      user_session: '4d3b30da-a5e4-49df-b1a8-ba5943f1dd33',
    });
  });

  it('gives a one-segment category code a level 1 only', () => {
    const event = accepted(cleanEvent(raw({ category_code: 'apparel' }), at));
    expect(event).toMatchObject({ category_l1: 'apparel' });
    expect(event).not.toHaveProperty('category_l2');
  });

  it.each(['electronics..smartphone', '.electronics', 'electronics smartphone', 'electronics.'])(
    'rejects category_code %j',
    (code) => {
      expect(rejected(cleanEvent(raw({ category_code: code }), at))).toEqual([
        expect.objectContaining({ field: 'category_code', rule: 'category_code' }),
      ]);
    },
  );

  it('requires a UUID session: empty sessions are rejected, not guessed', () => {
    expect(rejected(cleanEvent(raw({ user_session: '' }), at))).toEqual([
      expect.objectContaining({ field: 'user_session', rule: 'required' }),
    ]);
    expect(rejected(cleanEvent(raw({ user_session: 'session-42' }), at))).toEqual([
      expect.objectContaining({ field: 'user_session', value: 'session-42', rule: 'uuid' }),
    ]);
  });

  it('accepts UUIDs of any version (real rows carry version nibbles 0-f)', () => {
    expect(accepted(cleanEvent(raw({ user_session: '3bfb58cd-a5e4-09df-b1a8-6a6e8fd97387' }), at)).user_session).toBe(
      '3bfb58cd-a5e4-09df-b1a8-6a6e8fd97387',
    );
  });

  it('reports every bad field of a record, each with line, field, value, rule and message', () => {
    const rejections = rejected(cleanEvent(raw({ event_type: 'zoom', price: '-1', product_id: '' }), at));
    expect(rejections.map(({ field, rule }) => `${field}:${rule}`)).toEqual(['event_type:event_type', 'product_id:required', 'price:non_negative']);
    for (const rejection of rejections) {
      expect(rejection.line).toBe(7);
      expect(rejection?.message).toMatch(new RegExp(`^line 7: ${rejection.field} ".*" .+ \\(${rejection.rule}\\)$`));
    }
  });

  it('cuts very long values in rejections', () => {
    const [rejection] = rejected(cleanEvent(raw({ event_type: 'x'.repeat(10_000) }), at));
    expect(rejection?.value.length).toBeLessThanOrEqual(201);
  });

  describe('event_id', () => {
    const idOf = (overrides: Partial<RawEvent>, position = at) => accepted(cleanEvent(raw(overrides), position)).event_id;

    it('is the same for the same record at the same place', () => {
      expect(idOf({})).toBe(idOf({}));
    });

    it('ignores formatting that normalisation removes', () => {
      expect(idOf({ event_time: '2019-11-01T00:00:05Z', brand: ' XIAOMI ', price: '489.070' })).toBe(idOf({}));
    });

    it('differs by line, by source and by any field', () => {
      const base = idOf({});
      expect(idOf({}, { ...at, line: 8 })).not.toBe(base);
      expect(idOf({}, { ...at, source: 'bronze/events/b.csv' })).not.toBe(base);
      expect(idOf({ price: '489.08' })).not.toBe(base);
      expect(idOf({ brand: '' })).not.toBe(base);
      expect(idOf({ event_type: 'cart' })).not.toBe(base);
    });

    it('keeps free text with quotes and newlines inside its own field', () => {
      expect(idOf({}, { source: 's"\n7', line: 8 })).not.toBe(idOf({}, { source: 's', line: 7 }));
      expect(idOf({ brand: 'x"\n"y' })).toMatch(/^[0-9a-f]{32}$/);
    });
  });
});
