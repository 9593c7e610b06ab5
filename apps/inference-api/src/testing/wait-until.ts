import { setTimeout as delay } from 'node:timers/promises';

/** Polls until `done(value)` holds; fails after `timeoutMs` naming what it waited for and the last value. */
export async function waitUntil<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last).slice(0, 500)})`);
    await delay(100);
    last = await probe();
  }
  return last;
}
