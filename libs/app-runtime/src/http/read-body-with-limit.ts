import type { Readable } from 'node:stream';

type Done = (error: Error | null, body?: Buffer) => void;

/**
 * Fastify's own raw-body reading for a content-type parser, with the caller's error for a body
 * over `limit` (Fastify's says only "too large"; ours name the setting). A declared length over
 * the limit is refused before a byte is read; a streamed one as soon as it passes the limit.
 */
export function readBodyWithLimit(
  request: { headers: Record<string, string | string[] | undefined> },
  payload: Readable,
  limit: number,
  tooLarge: () => Error,
  done: Done,
): void {
  const declared = Number(request.headers['content-length']);
  if (declared > limit) return done(tooLarge());
  const chunks: Buffer[] = [];
  let received = 0;
  const stop = () => {
    payload.removeListener('data', onData);
    payload.removeListener('end', onEnd);
    payload.removeListener('error', onEnd);
  };
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (received > limit) {
      stop();
      done(tooLarge());
      return;
    }
    chunks.push(chunk);
  };
  const onEnd = (error?: Error & { statusCode?: number }) => {
    stop();
    if (error) {
      if (!(typeof error.statusCode === 'number' && error.statusCode >= 400)) error.statusCode = 400;
      return done(error);
    }
    done(null, Buffer.concat(chunks, received));
  };
  payload.on('data', onData);
  payload.on('end', onEnd);
  payload.on('error', onEnd);
  payload.resume();
}
