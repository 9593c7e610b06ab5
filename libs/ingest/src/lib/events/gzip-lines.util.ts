import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/** NDJSON text of the lines, gzipped on libuv's thread pool (not on the event loop). */
export function gzipLines(lines: readonly string[]): Promise<Buffer> {
  return gzipAsync(Buffer.from(lines.length === 0 ? '' : `${lines.join('\n')}\n`, 'utf8'));
}
