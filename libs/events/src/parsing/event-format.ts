import { UnsupportedFormatError } from '../errors/unsupported-format.error';

export type EventFormat = 'csv' | 'ndjson' | 'json';

export interface EventFormatChoice {
  format: EventFormat;
  /**
   * What the key or content type claims. A hint only: the parser looks at the first two bytes
   * (gzip magic 1f 8b) and decompresses exactly when they say so, because an S3 server may hand
   * back a `.gz` object already decoded.
   */
  gzip: boolean;
}

const BY_EXTENSION: Record<string, EventFormat> = { csv: 'csv', ndjson: 'ndjson', jsonl: 'ndjson', json: 'json' };

const BY_CONTENT_TYPE: Record<string, EventFormat> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'text/comma-separated-values': 'csv',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/x-jsonlines': 'ndjson',
  'application/jsonlines': 'ndjson',
  'application/json': 'json',
  'text/json': 'json',
};

const GZIP_CONTENT_TYPES: ReadonlySet<string> = new Set(['application/gzip', 'application/x-gzip']);

/**
 * Chooses the format of an object (DESIGN.md section 4): by the key's extension (`.csv`,
 * `.ndjson`, `.jsonl`, `.json`, each optionally `.gz`), else by content type.
 */
export function formatFor({ key, contentType }: { key?: string; contentType?: string }): EventFormatChoice {
  let name = (key ?? '').toLowerCase().replace(/[?#].*$/, '');
  let gzip = false;
  if (name.endsWith('.gz')) {
    gzip = true;
    name = name.slice(0, -3);
  }
  const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : '';
  const mediaType = ((contentType ?? '').split(';', 1)[0] ?? '').trim().toLowerCase();
  if (GZIP_CONTENT_TYPES.has(mediaType)) gzip = true;
  const format = BY_EXTENSION[extension] ?? BY_CONTENT_TYPE[mediaType];
  if (format === undefined) throw new UnsupportedFormatError(key, contentType);
  return { format, gzip };
}
