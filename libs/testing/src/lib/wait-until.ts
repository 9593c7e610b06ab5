import { setTimeout as delay } from 'node:timers/promises';

/** Polls `condition` until it holds; fails after `timeoutMs` with `what` and the last value seen. */
export async function waitUntil<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
    await delay(100);
    last = await probe();
  }
  return last;
}
