/** What the queue needs of an item: a link to the next item due in the same second. */
export interface Queued {
  nextInSecond: Queued | undefined;
}

const RING = 1 << 13;

/**
 * Open sessions by the second of their next event: the generator always emits the earliest
 * event of all open sessions, so the output is in time order like the real files. A ring of
 * per-second lists (a calendar queue) makes that O(1): every key is at most 8191 s after the
 * earliest one, because a session's next event is at most `gap.capSeconds` after its last and a
 * new session starts at the current time. Items due in the same second come out last-in first.
 */
export class SessionQueue<T extends Queued> {
  private readonly heads: (T | undefined)[] = new Array(RING).fill(undefined);
  private cursor = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The earliest key, or +Infinity when empty. */
  peekKey(): number {
    if (this.count === 0) return Number.POSITIVE_INFINITY;
    while (this.heads[this.cursor & (RING - 1)] === undefined) this.cursor += 1;
    return this.cursor;
  }

  /** An item with the earliest key (call `peekKey` first). */
  peek(): T {
    return this.heads[this.cursor & (RING - 1)] as T;
  }

  push(key: number, item: T): void {
    if (this.count === 0 || key < this.cursor) this.cursor = key;
    else if (key - this.cursor >= RING) throw new RangeError(`key ${key} is more than ${RING - 1} s after ${this.cursor}`);
    const slot = key & (RING - 1);
    item.nextInSecond = this.heads[slot];
    this.heads[slot] = item;
    this.count += 1;
  }

  /** Removes the item `peek` returned. */
  pop(): T {
    const slot = this.cursor & (RING - 1);
    const item = this.heads[slot] as T;
    this.heads[slot] = item.nextInSecond as T | undefined;
    item.nextInSecond = undefined;
    this.count -= 1;
    return item;
  }
}
