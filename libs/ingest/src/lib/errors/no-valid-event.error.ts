import type { EventRejection } from '@platform/events';
import { IngestError } from './ingest.error';

/** A request whose records were all rejected (or that held none). */
export class NoValidEventError extends IngestError {
  constructor(
    readonly rejected: number,
    readonly rejections: EventRejection[],
  ) {
    super(rejected === 0 ? 'the request holds no event' : `none of the ${rejected} records is a valid event`, 'NO_VALID_EVENT', false);
  }
}
