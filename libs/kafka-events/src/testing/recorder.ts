/** Collects what handlers received and lets a test wait for a condition on it (never a sleep). */
export class Recorder<T> {
  readonly items: T[] = [];
  private waiters: { check: () => boolean; done: () => void }[] = [];

  push(item: T): void {
    this.items.push(item);
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.check()) return true;
      waiter.done();
      return false;
    });
  }

  until(predicate: (items: T[]) => boolean, what: string, timeoutMs = 20_000): Promise<T[]> {
    if (predicate(this.items)) return Promise.resolve(this.items);
    return new Promise((resolve, reject) => {
      const waiter = {
        check: () => predicate(this.items),
        done: () => {
          clearTimeout(timer);
          resolve(this.items);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((other) => other !== waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; received ${JSON.stringify(this.items).slice(0, 3000)}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }
}
