import { TrainingError } from './training.error';

/** The offline store has no clean event in the requested range: there is nothing to learn from. */
export class NoCleanEventsError extends TrainingError {
  readonly code = 'NO_CLEAN_EVENTS';
  readonly retriable = false;

  constructor(readonly range: { from?: string; to?: string }) {
    super(
      `no clean events in the offline store ${describeRange(range)}: load events first, e.g. ` +
        '`npx nx run ingest-gateway:bulk-load -- --file ../shared/data/rees46/2019-Nov-head-300k.csv.gz` then replay them ' +
        'into bronze with the stream processor running (or POST /events to the ingest gateway), or widen the range',
    );
  }
}

function describeRange({ from, to }: { from?: string; to?: string }): string {
  if (from === undefined && to === undefined) return 'at all';
  return `between ${from ?? 'the beginning'} and ${to ?? 'the end'}`;
}
