/**
 * Events as bronze NDJSON: the UTF-8 text of every line, each ending in `\n`, and where each line
 * ends (byte offset after its `\n`), so the batching writer can cut it between any two events
 * without reading it. Two buffers instead of one string per event: they cross from the parse
 * worker to the event loop without a copy, and the writer joins them without re-encoding.
 */
export interface EventLines {
  readonly ndjson: Uint8Array;
  readonly lineEnds: Uint32Array;
}

const INITIAL_BYTES = 64 * 1024;

/** Appends lines to one growing buffer (doubling), recording where each ends. */
export class EventLinesBuilder {
  private bytes: Buffer = Buffer.allocUnsafe(INITIAL_BYTES);
  private ends = new Uint32Array(1024);
  private used = 0;
  private count = 0;

  get events(): number {
    return this.count;
  }

  push(line: string): void {
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit; +1 for the newline.
    const most = line.length * 3 + 1;
    if (this.used + most > this.bytes.length) this.bytes = grown(this.bytes, this.used, this.used + most);
    this.used += this.bytes.write(line, this.used, 'utf8');
    this.bytes[this.used++] = 0x0a;
    if (this.count === this.ends.length) {
      const ends = new Uint32Array(this.ends.length * 2);
      ends.set(this.ends);
      this.ends = ends;
    }
    this.ends[this.count++] = this.used;
  }

  /** The lines so far, in buffers of their own (transferable: no other view shares them). */
  build(): EventLines {
    const ndjson = new Uint8Array(this.used);
    ndjson.set(this.bytes.subarray(0, this.used));
    return { ndjson, lineEnds: this.ends.slice(0, this.count) };
  }
}

function grown(bytes: Buffer, used: number, need: number): Buffer {
  const next = Buffer.allocUnsafe(Math.max(need, bytes.length * 2));
  bytes.copy(next, 0, 0, used);
  return next;
}

/** `EventLines` of ready-made lines (tests, small callers). */
export function eventLinesOf(lines: readonly string[]): EventLines {
  const builder = new EventLinesBuilder();
  for (const line of lines) builder.push(line);
  return builder.build();
}

/** How many events `lines` holds. */
export function eventCount(lines: EventLines): number {
  return lines.lineEnds.length;
}
