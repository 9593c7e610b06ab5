import type { Readable } from 'node:stream';

/**
 * Pulls a readable's output in arrays: one await per burst instead of one per item (an await
 * per record costs more than parsing it, worst under Jest's separate realm), and everything the
 * stream emitted before an 'error' is handed out before the error is thrown — Node's own async
 * iterator drops what it had buffered. Destroys the stream when the consumer stops early.
 */
export async function* burstsOf<T>(stream: Readable, highWater: number): AsyncGenerator<T[]> {
  let ready: T[] = [];
  let failure: unknown;
  let failed = false;
  let ended = false;
  let wake: (() => void) | undefined;
  const signal = () => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  stream.on('data', (item: T) => {
    ready.push(item);
    if (ready.length >= highWater) stream.pause();
    signal();
  });
  stream.on('end', () => {
    ended = true;
    signal();
  });
  stream.on('error', (error: unknown) => {
    failure = error;
    failed = true;
    signal();
  });
  try {
    for (;;) {
      if (ready.length > 0) {
        const burst = ready;
        ready = [];
        if (stream.isPaused()) stream.resume();
        yield burst;
      } else if (failed) {
        throw failure;
      } else if (ended) {
        return;
      } else {
        await new Promise<void>((resolve) => (wake = resolve));
      }
    }
  } finally {
    stream.destroy();
  }
}
