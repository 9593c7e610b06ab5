import type { MessagePort } from 'node:worker_threads';
import { InvalidEventInputError } from '../errors/invalid-event-input.error';
import type { FromParseWorker, ParseFailure, ParseTask, ToParseWorker } from './event-parse.protocol';
import { parseEventBody } from './parse-event-body';

/**
 * A parse worker's task (piscina): parses one `POST /events` body read from `task.port` and posts
 * the result back on it. Parsing, validating and writing the bronze lines is most of the
 * gateway's CPU per event; here it runs beside the event loop instead of queueing every other
 * request's HTTP work and batch writes behind it.
 */
export default async function parseEventBodyTask(task: ParseTask): Promise<void> {
  const { port, ...options } = task;
  const reply = (message: FromParseWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  try {
    const parsed = await parseEventBody(portChunks(port, reply), options);
    const { ndjson, lineEnds } = parsed.lines;
    reply({ kind: 'parsed', ndjson, lineEnds, rejected: parsed.rejected, rejections: parsed.rejections, truncated: parsed.truncated }, [
      ndjson.buffer as ArrayBuffer,
      lineEnds.buffer as ArrayBuffer,
    ]);
  } catch (error) {
    reply({ kind: 'failed', failure: failureOf(error) });
  } finally {
    port.close();
  }
}

/** The body's chunks as the event loop sends them; each one taken is acknowledged (the sender's window). */
async function* portChunks(port: MessagePort, reply: (message: FromParseWorker) => void): AsyncGenerator<Buffer> {
  const queue: ToParseWorker[] = [];
  let wake: (() => void) | undefined;
  port.on('message', (message: ToParseWorker) => {
    queue.push(message);
    wake?.();
  });
  for (;;) {
    const message = queue.shift();
    if (message === undefined) {
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      continue;
    }
    if (message.kind === 'end') return;
    if (message.kind === 'abort') throw new Error('the gateway stopped reading this body');
    reply({ kind: 'taken', bytes: message.bytes.length });
    yield Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.length);
  }
}

function failureOf(error: unknown): ParseFailure {
  if (error instanceof InvalidEventInputError) {
    return { kind: 'input', message: error.message, inputCode: error.inputCode, ...(error.position ? { position: error.position } : {}) };
  }
  const cause = error instanceof Error ? error : new Error(String(error));
  return { kind: 'other', message: cause.message, ...(cause.stack ? { stack: cause.stack } : {}) };
}
