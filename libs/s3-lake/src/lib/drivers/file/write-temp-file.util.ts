import { retryWithBackoff } from '@platform/common';
import { randomUUID, createHash } from 'node:crypto';
import { FileHandle, mkdir, open, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { TEMP_FILE_PREFIX } from '../../utils/assert-valid-object-key.util';

export interface TempFile {
  path: string;
  md5: string;
  size: number;
  ino: number;
  mtimeMs: number;
}

/**
 * Writes the content to a temporary file in the target's folder (same filesystem, so the caller's
 * `rename` is atomic), hashing it on the way so a stream is never held whole in memory, and syncs
 * it to disk before the caller makes it visible.
 */
export async function writeTempFile(target: string, content: Buffer | Uint8Array | Readable): Promise<TempFile> {
  const path = join(dirname(target), `${TEMP_FILE_PREFIX}${randomUUID()}`);
  const handle = await openCreatingFolders(path);
  try {
    const hash = createHash('md5');
    let size = 0;
    const chunks: AsyncIterable<unknown> | Iterable<unknown> = content instanceof Readable ? content : [content];
    for await (const chunk of chunks) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
      hash.update(bytes);
      size += bytes.length;
      await writeAll(handle, bytes);
    }
    await handle.sync();
    const { ino, mtimeMs } = await handle.stat();
    await handle.close();
    return { path, md5: hash.digest('hex'), size, ino, mtimeMs };
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(path, { force: true });
    throw error;
  }
}

async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

/** A concurrent delete may prune the (empty) folder between `mkdir` and `open`: create it again. */
function openCreatingFolders(path: string): Promise<FileHandle> {
  return retryWithBackoff(
    async () => {
      await mkdir(dirname(path), { recursive: true });
      return open(path, 'wx');
    },
    { maxAttempts: 5, initialDelayMs: 0, retryIf: (error) => (error as NodeJS.ErrnoException).code === 'ENOENT' },
  );
}
