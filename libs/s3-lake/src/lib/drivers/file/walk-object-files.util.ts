import { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { TEMP_FILE_PREFIX } from '../../utils/assert-valid-object-key.util';
import { compareKeys } from '../../utils/compare-keys.util';

export interface ObjectFile {
  key: string;
  path: string;
}

/**
 * Yields the object files of a bucket folder in S3 key order. Within a folder, a subfolder `d`
 * sorts as `d/`: every key under it starts with `d/`, so sorting entries that way and recursing
 * depth-first gives the keys in global byte order (e.g. `a-b` < `a/x` < `a0`).
 * Folders that cannot hold a matching key (outside the prefix, or all before `startAfter`) are
 * not read.
 */
export async function* walkObjectFiles(
  bucketFolder: string,
  prefix: string,
  startAfter: string | undefined,
): AsyncGenerator<ObjectFile> {
  const base = prefix.slice(0, prefix.lastIndexOf('/') + 1);
  yield* walkFolder(join(bucketFolder, ...base.split('/').filter(Boolean)), base, prefix, startAfter);
}

async function* walkFolder(
  folder: string,
  folderKey: string,
  prefix: string,
  startAfter: string | undefined,
): AsyncGenerator<ObjectFile> {
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return;
    throw error;
  }
  const sorted = entries
    .filter((entry) => !entry.name.startsWith(TEMP_FILE_PREFIX) && (entry.isFile() || entry.isDirectory()))
    .map((entry) => ({ entry, sortKey: `${folderKey}${entry.name}${entry.isDirectory() ? '/' : ''}` }))
    .sort((a, b) => compareKeys(a.sortKey, b.sortKey));
  for (const { entry, sortKey } of sorted) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!sortKey.startsWith(prefix) && !prefix.startsWith(sortKey)) continue;
      // Every key in the folder starts with sortKey: all of them are ≤ startAfter when startAfter
      // is past sortKey without being inside it.
      if (startAfter !== undefined && compareKeys(startAfter, sortKey) > 0 && !startAfter.startsWith(sortKey)) continue;
      yield* walkFolder(path, sortKey, prefix, startAfter);
    } else {
      if (!sortKey.startsWith(prefix)) continue;
      if (startAfter !== undefined && compareKeys(sortKey, startAfter) <= 0) continue;
      yield { key: sortKey, path };
    }
  }
}
