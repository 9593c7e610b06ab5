import { SessionQueue, type Queued } from './session-queue';

interface Item extends Queued {
  name: string;
}

const item = (name: string): Item => ({ name, nextInSecond: undefined });

describe('SessionQueue', () => {
  it('hands out items by key, earliest first, across the ring', () => {
    const queue = new SessionQueue<Item>();
    const keys = [1_000_020, 1_000_003, 1_008_000, 1_000_003, 1_000_500];
    keys.forEach((key, i) => queue.push(key, item(`${key}#${i}`)));
    const out: number[] = [];
    while (queue.size > 0) {
      out.push(queue.peekKey());
      queue.pop();
    }
    expect(out).toEqual([...keys].sort((a, b) => a - b));
    expect(queue.peekKey()).toBe(Number.POSITIVE_INFINITY);
  });

  it('takes a key earlier than the current earliest', () => {
    const queue = new SessionQueue<Item>();
    queue.push(100, item('late'));
    expect(queue.peekKey()).toBe(100);
    queue.push(90, item('early'));
    expect(queue.peekKey()).toBe(90);
    expect(queue.pop().name).toBe('early');
    expect(queue.peekKey()).toBe(100);
  });

  it('refuses a key beyond the ring instead of misplacing it', () => {
    const queue = new SessionQueue<Item>();
    queue.push(0, item('a'));
    expect(() => queue.push(10_000, item('b'))).toThrow(RangeError);
  });
});
