import { itemAt } from '@platform/common';
import { Readable } from 'node:stream';
import { parseEvents, type CleanEvent } from '@platform/events';
import { generateClickstream } from './generate-clickstream';
import { measureClickstreamRates, type ClickstreamRates } from './measure/clickstream-rates';
import { REAL_REES46_RATES } from './measure/real-rees46-rates';
import { rocAuc } from './measure/roc-auc';
import { defaultTrainingExamples } from './measure/training-examples';
import { REES46_HEADER } from './output/event-line-writer';
import type { GroundTruthExample, SimulatorOptions } from './simulator-options';

function generate(options: SimulatorOptions): Buffer {
  return Buffer.concat([...generateClickstream(options)]);
}

async function parse(bytes: Buffer, format: 'csv' | 'ndjson') {
  const events: CleanEvent[] = [];
  const rejected: unknown[] = [];
  for await (const batch of parseEvents(Readable.from([bytes]), { format, source: 'simulator' })) {
    for (const record of batch) {
      if (record.ok) events.push(record.event);
      else rejected.push(record);
    }
  }
  return { events, rejected };
}

describe('generateClickstream', () => {
  it('gives the same bytes for the same seed, other bytes for another', () => {
    const a = generate({ events: 20_000, seed: 42 });
    expect(generate({ events: 20_000, seed: 42 }).equals(a)).toBe(true);
    expect(generate({ events: 20_000, seed: 43 }).equals(a)).toBe(false);
  });

  it('makes a shorter run a prefix of a longer one', () => {
    const long = generate({ events: 20_000, seed: 7, format: 'ndjson' });
    const short = generate({ events: 5_000, seed: 7, format: 'ndjson' });
    expect(long.subarray(0, short.length).equals(short)).toBe(true);
    expect(short.toString('latin1').split('\n')).toHaveLength(5_001);
  });

  it('writes exactly the requested events, CSV under the REES46 header, in chunks of about the chunk size', () => {
    const chunks = [...generateClickstream({ events: 30_000, seed: 1, chunkSize: 64 * 1024 })];
    expect(chunks.length).toBeGreaterThan(30);
    for (const chunk of chunks) expect(chunk.length).toBeLessThan(64 * 1024 + 4096);
    const text = Buffer.concat(chunks).toString('latin1');
    expect(text.startsWith(REES46_HEADER)).toBe(true);
    expect(text.split('\n').filter((line) => line !== '')).toHaveLength(30_001);
  });

  it('starts at the given time and keeps events in time order', async () => {
    const start = Date.UTC(2020, 1, 29, 23, 30, 0);
    const { events } = await parse(generate({ events: 10_000, seed: 2, start }), 'csv');
    expect(itemAt(events, 0).event_time_ms).toBe(start);
    expect(events.every((event, i) => i === 0 || event.event_time_ms >= itemAt(events, i - 1).event_time_ms)).toBe(true);
    // Crossing midnight into March: the rendering of dates holds.
    expect(itemAt(events, events.length - 1).event_time.slice(0, 10)).toBe('2020-03-01');
  });

  it('follows the daily rhythm: more sessions by day than by night', async () => {
    const { events } = await parse(generate({ events: 80_000, seed: 3, start: Date.UTC(2019, 10, 1, 0) }), 'csv');
    const perHour = new Map<number, number>();
    const first = itemAt(events, 0).event_time_ms;
    for (const event of events) {
      const hour = Math.floor((event.event_time_ms - first) / 3_600_000);
      perHour.set(hour, (perHour.get(hour) ?? 0) + 1);
    }
    // Whole hours 00h and 02h: the real November head has 10.9k and 32.5k events there.
    expect(perHour.get(0)).toBeGreaterThan(8_000);
    expect(perHour.get(0)).toBeLessThan(14_000);
    expect((perHour.get(2) ?? 0) / (perHour.get(0) ?? 1)).toBeGreaterThan(2);
  });

  it('refuses bad options, naming them', () => {
    expect(() => generate({ events: -1, seed: 1 })).toThrow(/events must be an integer/);
    expect(() => generate({ events: 10, seed: 1, users: 0 })).toThrow(/users must be an integer from 1/);
    expect(() => generate({ events: 10, seed: 1, format: 'xml' as 'csv' })).toThrow(/format must be csv or ndjson/);
  });

  describe('a 300k-event run with the default settings', () => {
    let events: CleanEvent[];
    let rejected: unknown[];
    let truth: Map<number, GroundTruthExample>;
    let rates: ClickstreamRates;

    beforeAll(async () => {
      const examples: GroundTruthExample[] = [];
      const started = performance.now();
      const bytes = generate({ events: 300_000, seed: 42, onExample: (example) => examples.push(example) });
      const seconds = (performance.now() - started) / 1000;
      console.log(`generated 300000 CSV events in ${seconds.toFixed(2)} s (${Math.round(300_000 / seconds)} events/s under Jest)`);
      ({ events, rejected } = await parse(bytes, 'csv'));
      truth = new Map(examples.map((example) => [example.index, example]));
      rates = measureClickstreamRates(events);
    });

    it('passes the @platform/events validator, every row', () => {
      expect(rejected.slice(0, 3)).toEqual([]);
      expect(events).toHaveLength(300_000);
    });

    it('uses 19-digit category ids and digit-string ids throughout', () => {
      expect(events.every((event) => /^\d{19}$/.test(event.category_id))).toBe(true);
      expect(events.every((event) => /^\d{7,8}$/.test(event.product_id) && /^\d{9}$/.test(event.user_id))).toBe(true);
      expect(new Set(events.map((event) => event.category_id)).size).toBeGreaterThan(300);
    });

    it('leaves the category code empty for about a third and the brand for about 15 % of events, like the real rows', () => {
      const share = (test: (event: CleanEvent) => boolean) => events.filter(test).length / events.length;
      expect(share((event) => event.category_code === undefined)).toBeGreaterThan(0.25);
      expect(share((event) => event.category_code === undefined)).toBeLessThan(0.42);
      expect(share((event) => event.brand === undefined)).toBeGreaterThan(0.1);
      expect(share((event) => event.brand === undefined)).toBeLessThan(0.22);
    });

    it('keeps its rates between the two real slices (±20 %)', () => {
      const { november, october } = REAL_REES46_RATES;
      const compared: (keyof ClickstreamRates)[] = [
        'eventsPerSession',
        'sessionsPerUser',
        'singleEventSessions',
        'distinctProductsPerSession',
        'viewShare',
        'cartShare',
        'purchaseShare',
        'viewsPerCart',
        'purchasesPerView',
        'purchasesWithoutCart',
        'examplesPerEvent',
        'positiveRate',
        'top1PercentProductsViewShare',
        'top10PercentProductsViewShare',
        'meanSessionSeconds',
      ];
      const outside = compared.filter((key) => {
        const low = Math.min(november[key], october[key]) * 0.8;
        const high = Math.max(november[key], october[key]) * 1.2;
        return !(rates[key] >= low && rates[key] <= high);
      });
      expect(outside.map((key) => `${key}=${rates[key]}`)).toEqual([]);
      // The real slices have no removals; the simulator keeps them rare.
      expect(rates.removeShare).toBeLessThan(0.002);
    });

    it('draws every purchase from the recorded probability: labels follow the truth, and the mean matches', () => {
      const examples = defaultTrainingExamples(events);
      expect(examples.every((example) => truth.has(example.index))).toBe(true);
      expect(truth.size).toBe(examples.length);
      // No purchase without a drawn decision; a drawn one is missing only when the run ended first.
      expect(examples.filter((example) => example.label && !truth.get(example.index)?.bought)).toEqual([]);
      const cut = examples.filter((example) => !example.label && truth.get(example.index)?.bought);
      expect(cut.length).toBeLessThan(examples.length * 0.001);
      const meanProbability = examples.reduce((sum, example) => sum + (truth.get(example.index)?.probability ?? 0), 0) / examples.length;
      const positiveRate = examples.filter((example) => example.label).length / examples.length;
      expect(Math.abs(meanProbability - positiveRate)).toBeLessThan(0.002);
    });

    it('has a best achievable ROC-AUC (scoring with the true probability) near the README figure', () => {
      const examples = defaultTrainingExamples(events);
      const auc = rocAuc(
        examples.map((example) => truth.get(example.index)?.probability ?? 0),
        examples.map((example) => example.label),
      );
      console.log(`best achievable ROC-AUC on ${examples.length} default examples: ${auc.toFixed(4)}`);
      expect(auc).toBeGreaterThan(0.78);
      expect(auc).toBeLessThan(0.85);
    });
  });

  it('writes NDJSON that parses to the same events as the CSV', async () => {
    const csv = await parse(generate({ events: 10_000, seed: 9 }), 'csv');
    const ndjson = await parse(generate({ events: 10_000, seed: 9, format: 'ndjson' }), 'ndjson');
    expect(ndjson.rejected).toEqual([]);
    const strip = ({ event_id: _id, ...rest }: CleanEvent) => rest;
    expect(ndjson.events.map(strip)).toEqual(csv.events.map(strip));
  });
});
