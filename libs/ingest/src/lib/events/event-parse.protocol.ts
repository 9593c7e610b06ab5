import type { EventRejection } from '@platform/events';
import type { MessagePort } from 'node:worker_threads';
import type { ParseEventBodyOptions } from './parse-event-body';

/**
 * What the event loop and a parse worker say to each other about one body, over a MessagePort of
 * its own. The event loop sends the body's chunks as they come off the socket, at most
 * `PARSE_WINDOW_BYTES` ahead of what the worker has taken (so a body the worker refuses early,
 * like a gzip bomb, is not read much further); the worker answers with the parsed lines or why it
 * could not.
 */
export interface ParseTask extends ParseEventBodyOptions {
  port: MessagePort;
}

export const PARSE_WINDOW_BYTES = 256 * 1024;

export type ToParseWorker = { kind: 'chunk'; bytes: Uint8Array } | { kind: 'end' } | { kind: 'abort' };

export type FromParseWorker =
  | { kind: 'taken'; bytes: number }
  | { kind: 'parsed'; ndjson: Uint8Array; lineEnds: Uint32Array; rejected: number; rejections: EventRejection[]; truncated: boolean }
  | { kind: 'failed'; failure: ParseFailure };

/** An error as it crosses threads: `InvalidEventInputError`'s fields, or any other error's text. */
export type ParseFailure =
  | { kind: 'input'; message: string; inputCode: string; position?: { offset: number; line: number; column: number } }
  | { kind: 'other'; message: string; stack?: string };
