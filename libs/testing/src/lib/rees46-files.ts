// The real REES46 slices, read in place from the shared data folder beside the checkout
// (../shared/data/rees46 from the workspace root; CI clones main with ../shared beside it).
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { WORKSPACE_ROOT } from './workspace-root';

export const REES46_DIR = join(WORKSPACE_ROOT, '../shared/data/rees46');

export const REES46_FILES = {
  november: '2019-Nov-head-300k.csv.gz',
  october: '2019-Oct-tail-100k.csv.gz',
} as const;

export type Rees46File = (typeof REES46_FILES)[keyof typeof REES46_FILES];

/** The gzip file as a stream, the way a lake adapter would hand it over. */
export function openRees46(file: Rees46File) {
  return createReadStream(join(REES46_DIR, file));
}

/** The decompressed text lines (header first, no trailing empty line). */
export function rees46Lines(file: Rees46File): string[] {
  const lines = gunzipSync(readFileSync(join(REES46_DIR, file))).toString('utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
