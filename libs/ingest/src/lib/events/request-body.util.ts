import { Readable } from 'node:stream';
import { BodyTooLargeError } from '../errors/body-too-large.error';
import { ClientAbortedError } from '../errors/client-aborted.error';
import { ingestMetrics } from '../ingest.metrics';

export type BodySource = AsyncIterable<Buffer | string> | Buffer;

/**
 * The body's bytes as they come off the socket, never more than `limit` of them: past it,
 * `BodyTooLargeError`, and nothing more is read.
 */
export async function* boundedBody(body: BodySource, limit: number): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(body)) {
    if (body.length > limit) throw new BodyTooLargeError(limit);
    ingestMetrics.bodyBytesRead.get().inc(body.length);
    yield body;
    return;
  }
  let read = 0;
  // Stopping early must not destroy the request (its socket carries the answer): the answer closes the connection instead.
  const chunks = body instanceof Readable ? body.iterator({ destroyOnReturn: false }) : body;
  try {
    for await (const chunk of chunks) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      read += bytes.length;
      ingestMetrics.bodyBytesRead.get().inc(bytes.length);
      if (read > limit) throw new BodyTooLargeError(limit);
      yield bytes;
    }
  } catch (error) {
    throw isClientAbort(error) ? new ClientAbortedError(read) : error;
  }
}

/** Node's request stream fails with `aborted` (ECONNRESET) when the client closes the connection mid-body. */
function isClientAbort(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || message === 'aborted';
}
