import { rees46Lines, REES46_FILES } from '@platform/testing';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';

/** What a client sends to `POST /events`: a body and its content type. */
export interface RequestBody {
  contentType: string;
  body: Buffer;
}

/**
 * `count` distinct bodies of `eventsPerBody` real REES46 October rows each (the rows are taken in
 * file order, wrapping round): JSON arrays of objects with the CSV's text values, as a client
 * would post them.
 */
export function jsonArrayBodies(count: number, eventsPerBody: number): RequestBody[] {
  const [header, rows] = octoberRows();
  const columns = header.split(',');
  return bodies(rows, count, eventsPerBody, (slice) => {
    const events = slice.map((row) => Object.fromEntries(row.split(',').map((value, i) => [columns[i] ?? `column${i}`, value])));
    return { contentType: 'application/json', body: Buffer.from(JSON.stringify(events)) };
  });
}

/** The same rows as CSV with a header, gzipped (`Content-Type: text/csv`, `Content-Encoding: gzip`). */
export function gzipCsvBodies(count: number, eventsPerBody: number): RequestBody[] {
  const [header, rows] = octoberRows();
  return bodies(rows, count, eventsPerBody, (slice) => ({
    contentType: 'text/csv',
    body: gzipSync(`${header}\n${slice.join('\n')}\n`),
  }));
}

function bodies(rows: string[], count: number, perBody: number, make: (slice: string[]) => RequestBody): RequestBody[] {
  return Array.from({ length: count }, (_, b) => make(Array.from({ length: perBody }, (_, i) => rows[(b * perBody + i) % rows.length] ?? '')));
}

let october: [string, string[]] | undefined;
function octoberRows(): [string, string[]] {
  if (!october) {
    const [header = '', ...rows] = rees46Lines(REES46_FILES.october);
    october = [header, rows];
  }
  return october;
}

/**
 * A gzip CSV of `rows` real rows: the 300k November rows repeated in order, streamed to `path`
 * (about 23 MB for a million rows), so the bulk loader reads a file the size of a real export.
 */
export async function writeRepeatedCsvGz(path: string, rows: number): Promise<void> {
  const [header = '', ...lines] = rees46Lines(REES46_FILES.november);
  if (lines.length === 0) throw new Error('the November REES46 file holds no rows');
  const gzip = createGzip();
  const out = gzip.pipe(createWriteStream(path));
  gzip.write(`${header}\n`);
  const perWrite = 10_000;
  for (let written = 0; written < rows; written += perWrite) {
    const chunk: string[] = [];
    for (let i = written; i < Math.min(rows, written + perWrite); i++) chunk.push(lines[i % lines.length] ?? '');
    if (!gzip.write(`${chunk.join('\n')}\n`)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await finished(out);
}
