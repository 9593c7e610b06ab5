import { once } from 'node:events';
import { createGunzip } from 'node:zlib';
import { InputTooLargeError } from '../errors/input-too-large.error';
import { MalformedInputError } from '../errors/malformed-input.error';
import { burstsOf } from './bursts-of';

/** The gzip layer failed: `truncated` when the stream ended early, else the data is corrupt. */
export class DecodeFailure extends Error {
  constructor(
    readonly truncated: boolean,
    message: string,
  ) {
    super(message);
    this.name = 'DecodeFailure';
  }
}

export type ByteChunk = Buffer | Uint8Array | string;

const NEWLINE = 0x0a;
const GZIP_MAGIC = [0x1f, 0x8b];
// Longer than any sane CSV record or NDJSON event (csv-parse is capped at 1 MiB per record).
const MAX_LINE_BYTES = 16 << 20;
// Output chunks held before the gunzip stream is paused: at most 1 MiB inflated is held.
const MAX_READY = 16;
// zlib's default output chunk is 16 KiB: four times the callbacks into JavaScript per inflated byte.
const GUNZIP_CHUNK_BYTES = 64 * 1024;

function toBuffer(chunk: ByteChunk): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
}

async function* replay(head: Buffer, rest: AsyncIterator<ByteChunk>, done: boolean): AsyncGenerator<Buffer> {
  try {
    if (head.length > 0) yield head;
    if (done) return;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield toBuffer(next.value);
  } finally {
    await rest.return?.();
  }
}

/** Gunzips, turning zlib's errors into `DecodeFailure`s once all output before them was yielded. */
async function* gunzipped(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES });
  const stop = new AbortController();
  const feed = async () => {
    for await (const chunk of source) {
      if (!gunzip.write(chunk)) await once(gunzip, 'drain', { signal: stop.signal });
    }
    gunzip.end();
  };
  // An error of the caller's stream reaches the consumer through the gunzip stream.
  feed().catch((error: unknown) => {
    if (!stop.signal.aborted) gunzip.destroy(error as Error);
  });
  try {
    for await (const burst of burstsOf<Buffer>(gunzip, MAX_READY)) yield* burst;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (!code.startsWith('Z_')) throw error;
    throw new DecodeFailure(code === 'Z_BUF_ERROR', `gzip: ${(error as Error).message}`);
  } finally {
    stop.abort();
  }
}

/**
 * Holds back the bytes after the last newline until a later chunk completes them. A "line" that
 * grows past `maxLineBytes` fails the object rather than the process's memory.
 */
async function* alignedToLines(source: AsyncIterable<Buffer>, maxLineBytes: number): AsyncGenerator<Buffer> {
  let carry: Buffer[] = [];
  let carried = 0;
  for await (const chunk of source) {
    const cut = chunk.lastIndexOf(NEWLINE);
    if (cut === -1) {
      carry.push(chunk);
      carried += chunk.length;
      if (carried > maxLineBytes) throw new MalformedInputError(undefined, `a line is longer than ${maxLineBytes} bytes`);
      continue;
    }
    const complete = chunk.subarray(0, cut + 1);
    yield carried === 0 ? complete : Buffer.concat([...carry, complete]);
    carry = cut + 1 < chunk.length ? [chunk.subarray(cut + 1)] : [];
    carried = chunk.length - cut - 1;
  }
  // Reached only on a clean end: after a failure the unterminated tail is dropped with it.
  if (carried > 0) yield Buffer.concat(carry);
}

/**
 * Passes at most `maxBytes` decoded bytes on, then throws `InputTooLargeError`: a gzip bomb stops
 * being inflated at the limit (zlib is paused once its output is not read), never held whole.
 */
async function* limitedTo(source: AsyncIterable<Buffer>, maxBytes: number): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of source) {
    if (total + chunk.length > maxBytes) {
      if (maxBytes > total) yield chunk.subarray(0, maxBytes - total);
      throw new InputTooLargeError(maxBytes, 'inflated');
    }
    total += chunk.length;
    yield chunk;
  }
}

/**
 * The object's bytes, gunzipped when they start with the gzip magic, at most `maxInflatedBytes`
 * of them, cut at line ends (unless `maxLineBytes` is Infinity: a JSON array may be one long
 * line). A gzip failure is thrown (as `DecodeFailure`), and the size limit as
 * `InputTooLargeError`, only after every complete line before it was yielded; errors of the
 * caller's stream pass through as they are.
 */
export async function* decodedChunks(
  input: AsyncIterable<ByteChunk>,
  maxLineBytes = MAX_LINE_BYTES,
  maxInflatedBytes = Number.POSITIVE_INFINITY,
): AsyncGenerator<Buffer> {
  const source = input[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < GZIP_MAGIC.length) {
    const next = await source.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = toBuffer(next.value);
    head.push(chunk);
    length += chunk.length;
  }
  const first = Buffer.concat(head);
  const bytes = replay(first, source, done);
  const isGzip = first.length >= 2 && first[0] === GZIP_MAGIC[0] && first[1] === GZIP_MAGIC[1];
  const inflated = isGzip ? gunzipped(bytes) : bytes;
  const decoded = maxInflatedBytes === Number.POSITIVE_INFINITY ? inflated : limitedTo(inflated, maxInflatedBytes);
  yield* maxLineBytes === Number.POSITIVE_INFINITY ? decoded : alignedToLines(decoded, maxLineBytes);
}
