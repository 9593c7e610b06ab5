import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** The eTag of a data file that has no current sidecar (e.g. copied in by hand). */
export async function md5OfFile(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
