import { createReadStream, readFileSync } from 'node:fs';
import { formatFor, parseEvents, type CleanEvent } from '@platform/events';
import { measureClickstreamRates, type ClickstreamRates } from '../measure/clickstream-rates';
import { rocAuc } from '../measure/roc-auc';
import { defaultTrainingExamples } from '../measure/training-examples';

export interface RatesReport extends ClickstreamRates {
  rejected: number;
  /** ROC-AUC of the true purchase probability on the default examples, with a truth file. */
  bestAuc?: number;
}

/**
 * Reads a REES46 file (CSV or NDJSON, gzip or not) through @platform/events and measures the
 * rates of the README table; with the generator's truth file, also the best achievable ROC-AUC.
 * Holds the events in memory: meant for samples of a few million rows.
 */
export async function runRatesCommand(file: string, truthFile?: string): Promise<RatesReport> {
  const events: CleanEvent[] = [];
  let rejected = 0;
  const { format } = formatFor({ key: file });
  for await (const batch of parseEvents(createReadStream(file), { format, source: file })) {
    for (const record of batch) {
      if (record.ok) events.push(record.event);
      else rejected += 1;
    }
  }
  const report: RatesReport = { ...measureClickstreamRates(events), rejected };
  if (truthFile !== undefined) {
    // Truth rows are `index,probability,bought` by emitted event index; the file's events must
    // be that same output, unfiltered (no rejections), so indexes line up.
    const probability = new Map<number, number>();
    for (const line of readFileSync(truthFile, 'utf8').split('\n').slice(1)) {
      if (line === '') continue;
      const [index, value] = line.split(',');
      probability.set(Number(index), Number(value));
    }
    const examples = defaultTrainingExamples(events).filter((example) => probability.has(example.index));
    report.bestAuc = rocAuc(
      examples.map((example) => probability.get(example.index) as number),
      examples.map((example) => example.label),
    );
  }
  return report;
}
