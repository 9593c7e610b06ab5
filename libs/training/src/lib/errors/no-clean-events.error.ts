import { TrainingError } from './training.error';

/** The offline store has no clean event in the requested range: there is nothing to learn from. */
export class NoCleanEventsError extends TrainingError {
  constructor(readonly range: { from?: string; to?: string }) {
    super(
      `no clean events in the offline store ${describeRange(range)}: load events first, through the ingest gateway with the ` +
        'stream processor running (POST /events, or `npx nx run ingest-gateway:bulk-load -- --file ' +
        '../shared/data/rees46/2019-Nov-head-300k.csv.gz` then `npx nx run ingest-gateway:replay`), or widen the range',
      'NO_CLEAN_EVENTS',
      false,
    );
  }
}

function describeRange({ from, to }: { from?: string; to?: string }): string {
  if (from === undefined && to === undefined) return 'at all';
  return `between ${from ?? 'the beginning'} and ${to ?? 'the end'}`;
}
