import type { EventRejection } from '../schema/event-rejection';
import type { RawEvent } from '../schema/raw-event';

/** A record as a format reader hands it on: fields to validate, or why it could not be read. */
export type SourceRecord =
  | { line: number; raw: RawEvent; unreadable?: undefined }
  | { line: number; raw?: undefined; text: string; unreadable: EventRejection[] };
