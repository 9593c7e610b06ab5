import { UnsupportedFormatError } from '../errors/unsupported-format.error';
import { formatFor } from './event-format';

describe('formatFor', () => {
  it.each([
    ['bronze/events/dt=2019-11-01/hour=00/01J.ndjson.gz', { format: 'ndjson', gzip: true }],
    ['x.ndjson', { format: 'ndjson', gzip: false }],
    ['x.jsonl', { format: 'ndjson', gzip: false }],
    ['x.JSONL.GZ', { format: 'ndjson', gzip: true }],
    ['x.json', { format: 'json', gzip: false }],
    ['x.json.gz', { format: 'json', gzip: true }],
    ['2019-Nov.csv', { format: 'csv', gzip: false }],
    ['2019-Nov.csv.gz', { format: 'csv', gzip: true }],
  ])('chooses by extension: %s', (key, choice) => {
    expect(formatFor({ key })).toEqual(choice);
  });

  it('prefers the extension over the content type', () => {
    expect(formatFor({ key: 'a.csv', contentType: 'application/json' })).toEqual({ format: 'csv', gzip: false });
  });

  it.each([
    ['text/csv; charset=utf-8', { format: 'csv', gzip: false }],
    ['application/x-ndjson', { format: 'ndjson', gzip: false }],
    ['application/jsonl', { format: 'ndjson', gzip: false }],
    ['Application/JSON', { format: 'json', gzip: false }],
  ])('falls back to the content type: %s', (contentType, choice) => {
    expect(formatFor({ key: 'upload-17', contentType })).toEqual(choice);
  });

  it('marks gzip from a gzip content type when the key names the inner format', () => {
    expect(formatFor({ key: 'events.csv', contentType: 'application/gzip' })).toEqual({ format: 'csv', gzip: true });
  });

  it('names the key and content type it cannot place', () => {
    expect(() => formatFor({ key: 'report.parquet', contentType: 'application/octet-stream' })).toThrow(UnsupportedFormatError);
    expect(() => formatFor({ key: 'report.parquet', contentType: 'application/octet-stream' })).toThrow(
      /"report\.parquet".*"application\/octet-stream"/,
    );
    expect(() => formatFor({})).toThrow(UnsupportedFormatError);
  });
});
