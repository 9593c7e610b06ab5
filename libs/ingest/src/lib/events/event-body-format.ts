import type { EventFormat } from '@platform/events';
import { UnsupportedMediaTypeError } from '../errors/unsupported-media-type.error';

/** `gzip`: a gzip body whose inner format is told by its first inflated byte (`[` JSON, `{` NDJSON, else CSV). */
export type EventBodyFormat = EventFormat | 'gzip';

/** The media types `POST /events` reads, in the order a 415 lists them. */
const BY_MEDIA_TYPE: Readonly<Record<string, EventBodyFormat>> = {
  'application/json': 'json',
  'text/json': 'json',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/x-jsonlines': 'ndjson',
  'application/jsonlines': 'ndjson',
  'text/csv': 'csv',
  'application/csv': 'csv',
  'text/comma-separated-values': 'csv',
  'application/gzip': 'gzip',
  'application/x-gzip': 'gzip',
};

const EVENT_MEDIA_TYPES: readonly string[] = Object.keys(BY_MEDIA_TYPE);

const UTF8_CHARSETS: ReadonlySet<string> = new Set(['utf-8', 'utf8', 'us-ascii']);
const CONTENT_ENCODINGS: ReadonlySet<string> = new Set(['', 'identity', 'gzip', 'x-gzip']);

export interface EventBodyHeaders {
  contentType?: string;
  contentEncoding?: string;
}

/**
 * The format of a `POST /events` body from its headers, decided before a byte is read. Media
 * types are matched without their parameters and case; a charset other than UTF-8 and a content
 * encoding other than gzip are refused. Whether the bytes are gzip is decided by their magic
 * bytes (libs/events), so `Content-Encoding: gzip` and a gzip body under a plain type both work.
 */
export function eventBodyFormatOrThrow({ contentType, contentEncoding }: EventBodyHeaders): EventBodyFormat {
  const [mediaType = '', ...parameters] = (contentType ?? '').split(';').map((part) => part.trim());
  const format = BY_MEDIA_TYPE[mediaType.toLowerCase()];
  if (format === undefined) {
    throw new UnsupportedMediaTypeError(contentType ? `content type ${JSON.stringify(contentType)} is not supported` : 'the request has no Content-Type', EVENT_MEDIA_TYPES);
  }
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=', 2).map((part) => part.trim().replace(/^"|"$/g, '').toLowerCase());
    if (name === 'charset' && !UTF8_CHARSETS.has(value)) {
      throw new UnsupportedMediaTypeError(`charset ${JSON.stringify(value)} is not supported (send UTF-8)`, EVENT_MEDIA_TYPES);
    }
  }
  const encodings = (contentEncoding ?? '').split(',').map((part) => part.trim().toLowerCase());
  const unsupported = encodings.find((encoding) => !CONTENT_ENCODINGS.has(encoding));
  if (unsupported !== undefined || encodings.filter((encoding) => encoding.endsWith('gzip')).length > 1) {
    throw new UnsupportedMediaTypeError(`Content-Encoding ${JSON.stringify(contentEncoding)} is not supported (gzip or identity, once)`, EVENT_MEDIA_TYPES);
  }
  return format;
}
