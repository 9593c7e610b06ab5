/**
 * Writes one flat MessagePack array of numbers and strings straight into a buffer, for
 * APPLY_GROUP_LUA (read by Redis's cmsgpack). Building a JavaScript array first and packing it
 * after cost the stream processor a tenth of its CPU (issue 12's profile), mostly in allocation.
 * Counts known only after their items are written take a fixed-width slot (`reserve`, then
 * `patch`): valid MessagePack, if not the shortest.
 */
export class FlatMsgpackWriter {
  private buffer: Buffer;
  private offset = ARRAY32_HEADER;
  /** Elements written so far. */
  items = 0;

  constructor(expectedBytes: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(expectedBytes, 1024));
  }

  /** A uint32 element to fill in later with `patch`; returns where it is. */
  reserve(): number {
    this.ensure(5);
    const at = this.offset;
    this.buffer[at] = 0xce;
    this.offset += 5;
    this.items++;
    return at;
  }

  patch(at: number, value: number): void {
    this.buffer.writeUInt32BE(value, at + 1);
  }

  number(value: number): void {
    this.ensure(9);
    const { buffer } = this;
    let at = this.offset;
    if (Number.isInteger(value) && value >= -0x80000000 && value <= 0xffffffff) {
      if (value >= 0) {
        if (value < 0x80) buffer[at++] = value;
        else if (value < 0x100) {
          buffer[at++] = 0xcc;
          buffer[at++] = value;
        } else if (value < 0x10000) {
          buffer[at++] = 0xcd;
          at = buffer.writeUInt16BE(value, at);
        } else {
          buffer[at++] = 0xce;
          at = buffer.writeUInt32BE(value, at);
        }
      } else if (value >= -32) buffer[at++] = 0x100 + value; // negative fixint
      else {
        buffer[at++] = 0xd2;
        at = buffer.writeInt32BE(value, at);
      }
    } else {
      // Fractions and integers beyond 32 bits: a double holds them exactly, as the script reads them.
      buffer[at++] = 0xcb;
      at = buffer.writeDoubleBE(value, at);
    }
    this.offset = at;
    this.items++;
  }

  string(value: string): void {
    const length = value.length;
    // The header's width is chosen from the most bytes the text can take (3 per UTF-16 unit).
    const most = length * 3;
    this.ensure(5 + most);
    const { buffer } = this;
    const header = most < 32 ? 1 : most < 0x100 ? 2 : most < 0x10000 ? 3 : 5;
    const start = this.offset + header;
    let bytes = -1;
    if (length < 64) {
      // Short ASCII text (keys, field names, numbers as text): byte by byte beats a native call.
      bytes = length;
      for (let i = 0; i < length; i++) {
        const code = value.charCodeAt(i);
        if (code >= 0x80) {
          bytes = -1;
          break;
        }
        buffer[start + i] = code;
      }
    }
    if (bytes < 0) bytes = buffer.write(value, start, 'utf8');
    const at = this.offset;
    if (header === 1) buffer[at] = 0xa0 | bytes;
    else if (header === 2) {
      buffer[at] = 0xd9;
      buffer[at + 1] = bytes;
    } else if (header === 3) {
      buffer[at] = 0xda;
      buffer.writeUInt16BE(bytes, at + 1);
    } else {
      buffer[at] = 0xdb;
      buffer.writeUInt32BE(bytes, at + 1);
    }
    this.offset = start + bytes;
    this.items++;
  }

  /** The array, its header written (a view of the working buffer: no copy). */
  finish(): Buffer {
    this.buffer[0] = 0xdd;
    this.buffer.writeUInt32BE(this.items, 1);
    return this.buffer.subarray(0, this.offset);
  }

  private ensure(bytes: number): void {
    if (this.offset + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.offset + bytes));
    this.buffer.copy(grown, 0, 0, this.offset);
    this.buffer = grown;
  }
}

/** 0xdd and a uint32 element count, written by `finish`. */
const ARRAY32_HEADER = 5;
