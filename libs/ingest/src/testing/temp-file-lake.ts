import { FileLake, Lake } from '@platform/s3-lake';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A filesystem lake in a fresh temporary folder, buckets created. */
export async function tempFileLake(): Promise<{ lake: Lake; dir: string; dispose: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'ingest-lake-'));
  const lake = new FileLake({ root: join(dir, 'lake') });
  await lake.ensureBuckets();
  return {
    lake,
    dir,
    dispose: async () => {
      await lake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
