import { createGunzip } from 'node:zlib';
import type { EventFormat } from '@platform/events';

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
// Enough compressed bytes to see the first inflated characters; a bomb's head inflates to little more.
const SNIFF_HEAD_BYTES = 1024;
const SNIFF_OUTPUT_BYTES = 4096;

export function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1;
}

/** Reads the first bytes of `source` without losing them: `head` plus `bytes`, which yields everything from the start. */
async function peeked(source: AsyncIterable<Buffer>, want: number): Promise<{ head: Buffer; bytes: AsyncGenerator<Buffer> }> {
  const iterator = source[Symbol.asyncIterator]();
  const taken: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < want) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    taken.push(next.value);
    size += next.value.length;
  }
  const head = Buffer.concat(taken);
  async function* bytes(): AsyncGenerator<Buffer> {
    try {
      if (head.length > 0) yield head;
      if (done) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      await iterator.return?.();
    }
  }
  return { head, bytes: bytes() };
}

/**
 * The format inside an `application/gzip` body (or a plain body under that type), told by its
 * first inflated character: `[` a JSON array, `{` NDJSON, anything else CSV. Only the head is
 * inflated, and at most a few KiB of it.
 */
export async function sniffedFormat(source: AsyncIterable<Buffer>): Promise<{ format: EventFormat; bytes: AsyncGenerator<Buffer> }> {
  const { head, bytes } = await peeked(source, SNIFF_HEAD_BYTES);
  const text = isGzip(head) ? await inflatedHead(head.subarray(0, SNIFF_HEAD_BYTES)) : head;
  const first = text.toString('utf8').replace(/^\uFEFF/, '').trimStart()[0];
  return { format: first === '[' ? 'json' : first === '{' ? 'ndjson' : 'csv', bytes };
}

function inflatedHead(head: Buffer): Promise<Buffer> {
  return new Promise((resolve) => {
    const gunzip = createGunzip();
    const output: Buffer[] = [];
    let size = 0;
    const finish = () => {
      gunzip.destroy();
      resolve(Buffer.concat(output));
    };
    gunzip.on('data', (chunk: Buffer) => {
      output.push(chunk);
      size += chunk.length;
      if (size >= SNIFF_OUTPUT_BYTES) finish();
    });
    // A head cut mid-stream ends in an error after its output: what was inflated is enough.
    gunzip.on('error', finish);
    gunzip.on('end', finish);
    gunzip.end(head);
  });
}
