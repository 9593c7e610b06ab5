import { EventInputError } from './event-input.error';

/** Neither the key's extension nor the content type names a format we read. */
export class UnsupportedFormatError extends EventInputError {
  constructor(
    readonly key: string | undefined,
    readonly contentType: string | undefined,
  ) {
    super(
      `cannot tell the event format of key ${JSON.stringify(key ?? '')} with content type ${JSON.stringify(contentType ?? '')}: ` +
        'use .csv, .ndjson, .jsonl or .json (optionally .gz), or content type text/csv, application/x-ndjson or application/json',
      'UNSUPPORTED_FORMAT',
    );
  }
}
