import { PlatformError } from '../errors/platform-error';
import { backoffDelayMs, DEFAULT_BACKOFF } from './backoff-policy';
import { retryWithBackoff } from './retry-with-backoff';

const fast = { initialDelayMs: 1, maxDelayMs: 4 };
const transient = (n: number) => new PlatformError(`away (${n})`, 'AWAY', true);

describe('retryWithBackoff', () => {
  it('tries again while failures are retriable and returns the first success, numbering attempts', async () => {
    const attempts: number[] = [];
    const result = await retryWithBackoff(async (attempt) => {
      attempts.push(attempt);
      if (attempt < 3) throw transient(attempt);
      return 'done';
    }, fast);
    expect(result).toBe('done');
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('throws a failure that is not retriable at once', async () => {
    const work = jest.fn().mockRejectedValue(new PlatformError('bad input', 'BAD', false));
    await expect(retryWithBackoff(work, fast)).rejects.toThrow('bad input');
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('retries an unclassified failure (the default) and stops at the attempt budget with the last failure', async () => {
    let n = 0;
    await expect(
      retryWithBackoff(async () => {
        throw new Error(`bug ${++n}`);
      }, { ...fast, maxAttempts: 4 }),
    ).rejects.toThrow('bug 4');
  });

  it('starts no attempt after the time budget', async () => {
    const work = jest.fn().mockRejectedValue(transient(0));
    const started = Date.now();
    await expect(retryWithBackoff(work, { initialDelayMs: 20, maxDelayMs: 20, jitter: 0, maxElapsedMs: 70 })).rejects.toThrow('away');
    expect(work.mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(work.mock.calls.length).toBeLessThanOrEqual(4);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('ends the wait in progress when the signal aborts, throwing the last failure', async () => {
    const stop = new AbortController();
    const work = jest.fn().mockRejectedValue(transient(1));
    const running = retryWithBackoff(work, { initialDelayMs: 60_000, signal: stop.signal, onRetry: () => stop.abort() });
    await expect(running).rejects.toThrow('away (1)');
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('asks retryIf, reports each wait to onRetry and waits through the given sleep', async () => {
    const waits: [number, number][] = [];
    const sleeps: number[] = [];
    const result = await retryWithBackoff(
      async (attempt) => {
        if (attempt < 3) throw new Error('only this one is retried');
        return attempt;
      },
      {
        initialDelayMs: 100,
        factor: 3,
        jitter: 0,
        retryIf: (error) => (error as Error).message === 'only this one is retried',
        onRetry: (_error, attempt, delayMs) => void waits.push([attempt, delayMs]),
        sleep: async (ms) => {
          sleeps.push(ms);
          return true;
        },
      },
    );
    expect(result).toBe(3);
    expect(waits).toEqual([
      [1, 100],
      [2, 300],
    ]);
    expect(sleeps).toEqual([100, 300]);
  });
});

describe('backoffDelayMs', () => {
  it('grows by the factor up to the cap, spread by the jitter fraction', () => {
    const policy = { initialDelayMs: 200, maxDelayMs: 1000, factor: 2, jitter: 0.2 };
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelayMs(policy, attempt, () => 0.5))).toEqual([200, 400, 800, 1000, 1000]);
    expect(backoffDelayMs(policy, 1, () => 0)).toBe(160);
    expect(backoffDelayMs(policy, 1, () => 1)).toBe(240);
  });

  it('defaults to 200 ms doubling up to 10 s with ±20 % jitter', () => {
    expect(DEFAULT_BACKOFF).toEqual({ initialDelayMs: 200, maxDelayMs: 10_000, factor: 2, jitter: 0.2 });
  });
});
