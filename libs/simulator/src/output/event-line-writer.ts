import { itemAt } from '@platform/common';
import type { Catalog } from '../catalog/catalog';

export type SimulatorFormat = 'csv' | 'ndjson';

export const REES46_HEADER = 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n';

const EVENT_TYPES = ['view', 'cart', 'remove_from_cart', 'purchase'];
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** `prefix + text` for every text, as views into one shared buffer. */
function piecesOf(texts: readonly string[], prefix: string): Uint8Array[] {
  const bytes = Buffer.from(prefix === '' ? texts.join('') : prefix + texts.join(prefix), 'latin1');
  const views: Uint8Array[] = new Array(texts.length);
  for (let i = 0, at = 0; i < texts.length; i++) {
    const length = prefix.length + itemAt(texts, i).length;
    views[i] = bytes.subarray(at, at + length);
    at += length;
  }
  return views;
}

/**
 * Prints events as REES46 CSV or NDJSON lines by copying pre-rendered bytes: the event type and
 * product fields per product (rendered once), the user and session per session, the time once
 * per second ("YYYY-MM-DD HH:MM:SS UTC" like the real files). Copying a Uint8Array into the
 * output is a memcpy (~40 ns); writing a string costs about four times that (measured), and an
 * event is three or four copies. Every piece is ASCII, so latin1 bytes are its UTF-8 bytes.
 */
export class EventLineWriter {
  private lastSecond = Number.NaN;
  private lastTime: Uint8Array = new Uint8Array(0);
  private lastDay = Number.NaN;
  private dayText = '';
  /** Per product: `,view,` and its fields (CSV) or JSON members; views are ~97 % of events. */
  private readonly viewPieces: Uint8Array[];
  /** Per product: its fields alone, after a type piece, for the other event types. */
  private readonly productPieces: Uint8Array[];
  private readonly typePieces: Uint8Array[];

  constructor(
    catalog: Catalog,
    readonly format: SimulatorFormat,
  ) {
    const products = format === 'csv' ? catalog.productCsv : catalog.productJson;
    const typeTexts = EVENT_TYPES.map((type) => (format === 'csv' ? `,${type},` : `","event_type":"${type}",`));
    this.typePieces = typeTexts.map((text) => Buffer.from(text, 'latin1'));
    this.viewPieces = piecesOf(products, itemAt(typeTexts, 0));
    this.productPieces = piecesOf(products, '');
  }

  /** The per-session end of every line: user id and session (and, for NDJSON, the closing brace). */
  sessionTail(userId: string, sessionId: string): Uint8Array {
    const text = this.format === 'csv' ? `,${userId},${sessionId}\n` : `,"user_id":"${userId}","user_session":"${sessionId}"}\n`;
    return Buffer.from(text, 'latin1');
  }

  /** Writes one event's line at `offset`; returns the bytes written. */
  write(into: Uint8Array, offset: number, second: number, kind: number, product: number, tail: Uint8Array): number {
    const time = second === this.lastSecond ? this.lastTime : this.timeBytes(second);
    into.set(time, offset);
    let at = offset + time.length;
    if (kind === 0) {
      const piece = this.viewPieces[product];
      if (piece === undefined) throw new RangeError(`product ${product} is not in the catalog`);
      into.set(piece, at);
      at += piece.length;
    } else {
      const type = this.typePieces[kind];
      const piece = this.productPieces[product];
      if (type === undefined || piece === undefined) throw new RangeError(`event kind ${kind} or product ${product} is out of range`);
      into.set(type, at);
      into.set(piece, at + type.length);
      at += type.length + piece.length;
    }
    into.set(tail, at);
    return at + tail.length - offset;
  }

  private timeBytes(second: number): Uint8Array {
    const day = Math.floor(second / 86_400);
    if (day !== this.lastDay) {
      this.lastDay = day;
      this.dayText = new Date(day * 86_400_000).toISOString().slice(0, 10);
    }
    const ofDay = second - day * 86_400;
    const clock = `${TWO_DIGITS[Math.floor(ofDay / 3600)]}:${TWO_DIGITS[Math.floor((ofDay % 3600) / 60)]}:${TWO_DIGITS[ofDay % 60]}`;
    const text = this.format === 'csv' ? `${this.dayText} ${clock} UTC` : `{"event_time":"${this.dayText} ${clock} UTC`;
    this.lastSecond = second;
    this.lastTime = Buffer.from(text, 'latin1');
    return this.lastTime;
  }
}
