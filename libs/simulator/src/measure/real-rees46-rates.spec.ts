import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { parseEvents, type CleanEvent } from '@platform/events';
import { measureClickstreamRates } from './clickstream-rates';
import { REAL_REES46_RATES } from './real-rees46-rates';

// The real rows, read in place beside the checkout (../shared from the workspace root).
const OCTOBER = join(__dirname, '../../../../../shared/data/rees46/2019-Oct-tail-100k.csv.gz');

describe('REAL_REES46_RATES', () => {
  it('are what measureClickstreamRates says of the real October slice', async () => {
    const events: CleanEvent[] = [];
    for await (const batch of parseEvents(createReadStream(OCTOBER), { format: 'csv', source: 'october' })) {
      for (const record of batch) if (record.ok) events.push(record.event);
    }
    const measured = measureClickstreamRates(events);
    const recorded = REAL_REES46_RATES.october;
    const off = (Object.keys(recorded) as (keyof typeof recorded)[]).filter(
      (key) => Math.abs(measured[key] - recorded[key]) > Math.max(1e-4, Math.abs(recorded[key]) * 1e-3),
    );
    expect(off.map((key) => `${key}: recorded ${recorded[key]}, measured ${measured[key]}`)).toEqual([]);
  });
});
