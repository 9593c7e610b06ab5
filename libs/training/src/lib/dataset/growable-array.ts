type TypedArray = Float32Array | Float64Array | Uint8Array;

/** A typed array that doubles its capacity as values are appended (the dataset's columns while streaming). */
export class GrowableArray<T extends TypedArray> {
  private data: T;
  private used = 0;

  constructor(
    private readonly create: (capacity: number) => T,
    initialCapacity = 1 << 16,
  ) {
    this.data = create(initialCapacity);
  }

  get length(): number {
    return this.used;
  }

  /** Room for `count` more values; returns the index the first of them goes to. */
  reserve(count: number): number {
    if (this.used + count > this.data.length) {
      const grown = this.create(Math.max(this.data.length * 2, this.used + count));
      grown.set(this.data.subarray(0, this.used));
      this.data = grown;
    }
    const at = this.used;
    this.used += count;
    return at;
  }

  push(value: number): void {
    this.data[this.reserve(1)] = value;
  }

  /** The values written, without copying; valid until the next append. */
  view(): T {
    return this.data.subarray(0, this.used) as T;
  }

  /** The values at [at, at + count), writable; valid until the next append. */
  window(at: number, count: number): T {
    return this.data.subarray(at, at + count) as T;
  }
}
