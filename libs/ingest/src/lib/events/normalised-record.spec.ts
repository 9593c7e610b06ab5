import { itemAt } from '@platform/common';
import { REES46_ROWS } from '@platform/testing';
import { CleanEvent, parseEvents, ParsedRecord } from '@platform/events';
import { normalisedRecordLine } from './normalised-record';

async function parsed(text: string, format: 'json' | 'ndjson'): Promise<ParsedRecord[]> {
  const records: ParsedRecord[] = [];
  const bytes = async function* () {
    yield Buffer.from(text);
  };
  for await (const batch of parseEvents(bytes(), { format, source: 'test' })) records.push(...batch);
  return records;
}

const withoutId = ({ event_id: _id, ...rest }: CleanEvent) => rest;

describe('normalisedRecordLine', () => {
  it('writes records that the processor cleans into the very same events', async () => {
    const received = await parsed(JSON.stringify([...REES46_ROWS, { ...REES46_ROWS[0], brand: ' NOKIA ', event_time: '2019-10-31T20:50:55.123456+02:00' }]), 'json');
    expect(received.every((record) => record.ok)).toBe(true);
    const events = received.map((record) => (record as { event: CleanEvent }).event);
    const reread = await parsed(events.map(normalisedRecordLine).join('\n'), 'ndjson');
    expect(reread.every((record) => record.ok)).toBe(true);
    expect(reread.map((record) => withoutId((record as { event: CleanEvent }).event))).toEqual(events.map(withoutId));
    expect(JSON.parse(normalisedRecordLine(itemAt(events, 3)))).toMatchObject({ brand: 'nokia', event_time: '2019-10-31T18:50:55.123Z', price: 76.96 });
  });

  it('is the JSON of the nine fields, whatever text the brand and category code hold', async () => {
    const tricky = [
      { ...REES46_ROWS[0], brand: 'say "hi"\\ \u00e9\u6f22 \ud83d\ude00 \t', price: '0.000001' },
      { ...REES46_ROWS[1], brand: '', category_code: 'électro.téléphone', price: '1e21' },
      { ...REES46_ROWS[2], price: '-0' },
    ];
    const received = await parsed(JSON.stringify([...REES46_ROWS, ...tricky]), 'json');
    const events = received.map((record) => {
      if (!record.ok) throw new Error(`rejected: ${JSON.stringify(record.rejections)}`);
      return record.event;
    });
    for (const event of events) {
      const fields = {
        event_time: event.event_time,
        event_type: event.event_type,
        product_id: event.product_id,
        category_id: event.category_id,
        category_code: event.category_code ?? '',
        brand: event.brand ?? '',
        price: event.price,
        user_id: event.user_id,
        user_session: event.user_session,
      };
      expect(normalisedRecordLine(event)).toBe(JSON.stringify(fields));
    }
  });
});
