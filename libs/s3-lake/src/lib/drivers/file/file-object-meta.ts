import { readFile } from 'node:fs/promises';

/**
 * What S3 keeps beside an object's bytes, stored by the filesystem driver in a sidecar file in a
 * hidden parallel tree (`<root>/.lake-meta/<bucket>/<key>`), so it never shows up as a key.
 * `ino`, `size` and `mtimeMs` tie the sidecar to one version of the data file (a rename keeps all
 * three), so a sidecar left behind by a crash, a concurrent writer or a hand edit is recognised
 * as stale; inodes alone are reused at once.
 */
export interface FileObjectMeta {
  contentType: string;
  eTag: string;
  size: number;
  ino: number;
  mtimeMs: number;
}

export async function readFileObjectMeta(path: string): Promise<FileObjectMeta | null> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<FileObjectMeta>;
    if (typeof parsed.eTag !== 'string' || typeof parsed.contentType !== 'string') return null;
    if (typeof parsed.size !== 'number' || typeof parsed.ino !== 'number' || typeof parsed.mtimeMs !== 'number') return null;
    return parsed as FileObjectMeta;
  } catch {
    // Missing or unreadable (e.g. written by hand): callers fall back to the data file itself.
    return null;
  }
}

/** The sidecar's values when it belongs to this version of the data file. */
export function currentMeta(
  meta: FileObjectMeta | null,
  stats: { ino: number; size: number; mtimeMs: number },
): FileObjectMeta | null {
  return meta && meta.ino === stats.ino && meta.size === stats.size && meta.mtimeMs === stats.mtimeMs ? meta : null;
}
