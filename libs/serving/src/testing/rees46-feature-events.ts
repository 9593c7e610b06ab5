import { CleanEvent, parseEvents } from '@platform/events';
import { compareEventTime } from '@platform/features';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';

/** The real REES46 October slice, read in place beside the checkout (../shared, as CI lays it out). */
const OCTOBER = join(__dirname, '../../../../../shared/data/rees46/2019-Oct-tail-100k.csv.gz');

/** The first `limit` clean events of the real October slice, in replay order (`compareEventTime`). */
export async function rees46FeatureEvents(limit: number): Promise<CleanEvent[]> {
  const events: CleanEvent[] = [];
  const input = createReadStream(OCTOBER);
  try {
    for await (const batch of parseEvents(input, { format: 'csv', source: 'rees46/2019-Oct-tail-100k.csv.gz' })) {
      for (const record of batch) if (record.ok && events.length < limit) events.push(record.event);
      if (events.length >= limit) break;
    }
  } finally {
    input.destroy();
  }
  return events.sort(compareEventTime);
}
