import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { InvalidEventInputError } from '../errors/invalid-event-input.error';
import { FromParseWorker, PARSE_WINDOW_BYTES, ParseFailure, ParseTask, ToParseWorker } from './event-parse.protocol';
import type { ParsedEventBody, ParseEventBodyOptions } from './parse-event-body';

export interface EventParseWorkersOptions {
  /**
   * Worker threads (default: the cores, 1 to 4). Not the cores but one: the event loop mostly
   * waits, and parse work comes in bursts (the clients answered by one write come back together),
   * so a second thread on two cores halved the mean read + parse time at 8 clients in the ingest
   * bench (87 → 35 ms; 58k → 91k events/s acknowledged, load 5-6).
   */
  threads?: number;
  /**
   * The worker entry. Defaults to event-parse-worker.entry(.ts|.js) next to this file: from
   * source, or in a webpack bundle next to main.js, which must bundle
   * libs/ingest/src/lib/events/event-parse-worker.entry.ts as an entry of its own.
   */
  workerFilename?: string;
}

/** Nothing provides it in the gateway (the defaults suit it); tests construct the class with options. */
const EVENT_PARSE_WORKERS_OPTIONS = Symbol('EVENT_PARSE_WORKERS_OPTIONS');

/** Bodies parsed at once by one worker: each mostly waits for its bytes, the CPU work is serial anyway. */
const TASKS_PER_WORKER = 64;

/**
 * Parses `POST /events` bodies on worker threads (piscina). The event loop only moves bytes: it
 * reads the socket, bounded, and streams the chunks to a worker, which answers with the bronze
 * lines (`parseEventBody`); 8 bodies of 1,000 events no longer queue their parse behind each
 * other and behind the batch writes on one thread. Started by `start()` (HTTP apps), or on the
 * first body.
 */
@Injectable()
export class EventParseWorkers implements OnApplicationShutdown {
  private readonly logger = new Logger(EventParseWorkers.name);
  private pool?: Piscina;

  constructor(@Optional() @Inject(EVENT_PARSE_WORKERS_OPTIONS) private readonly options: EventParseWorkersOptions = {}) {}

  /** Starts the threads now, so that the first request does not wait for them. */
  start(): void {
    this.started();
  }

  /** The body's events as bronze lines; throws `InvalidEventInputError` for a body that cannot be read, or what `bytes` threw. */
  parse(bytes: AsyncIterable<Buffer>, options: ParseEventBodyOptions): Promise<ParsedEventBody> {
    const { port1: port, port2 } = new MessageChannel();
    const task: ParseTask = { ...options, port: port2 };
    const ran = this.started().run(task, { transferList: [port2] }) as Promise<void>;
    return new Promise<ParsedEventBody>((resolve, reject) => {
      let settled = false;
      let window = PARSE_WINDOW_BYTES;
      let wake: (() => void) | undefined;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        port.close();
        wake?.();
        outcome();
      };
      port.on('message', (message: FromParseWorker) => {
        if (message.kind === 'taken') {
          window += message.bytes;
          wake?.();
        } else if (message.kind === 'parsed') {
          const { ndjson, lineEnds, rejected, rejections, truncated } = message;
          settle(() => resolve({ lines: { ndjson, lineEnds }, rejected, rejections, truncated }));
        } else {
          settle(() => reject(errorOf(message.failure)));
        }
      });
      // A worker that died (out of memory, a bug) rejects its task.
      ran.catch((error: unknown) => settle(() => reject(error)));
      const send = (message: ToParseWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
      void (async () => {
        try {
          for await (const chunk of bytes) {
            if (settled) return; // the worker answered early (e.g. 413): read no more
            // A copy of the chunk's own bytes, moved: cloning the view would copy its whole backing buffer (a socket read's, or the Buffer pool's).
            const bytes = new Uint8Array(chunk);
            send({ kind: 'chunk', bytes }, [bytes.buffer]);
            window -= chunk.length;
            while (window <= 0 && !settled) await new Promise<void>((resolve) => (wake = resolve));
          }
          if (!settled) send({ kind: 'end' });
        } catch (error) {
          if (!settled) send({ kind: 'abort' });
          settle(() => reject(error));
        }
      })();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.destroy();
    this.pool = undefined;
  }

  private started(): Piscina {
    if (this.pool) return this.pool;
    const filename = this.options.workerFilename ?? join(__dirname, `event-parse-worker.entry${extname(__filename)}`);
    if (!existsSync(filename)) {
      throw new Error(
        `the event parse worker ${filename} does not exist: a webpack app using IngestModule must bundle ` +
          `libs/ingest/src/lib/events/event-parse-worker.entry.ts as an entry of its own (additionalEntryPoints, entryName 'event-parse-worker.entry', output library commonjs2)`,
      );
    }
    const threads = this.options.threads ?? Math.max(1, Math.min(4, availableParallelism()));
    this.pool = new Piscina({ filename, minThreads: threads, maxThreads: threads, concurrentTasksPerWorker: TASKS_PER_WORKER, idleTimeout: Number.POSITIVE_INFINITY });
    this.logger.log(`parsing POST /events bodies on ${threads} worker thread(s)`);
    return this.pool;
  }
}

function errorOf(failure: ParseFailure): Error {
  if (failure.kind === 'input') return new InvalidEventInputError(failure.message, failure.inputCode, failure.position);
  return Object.assign(new Error(`event parse worker: ${failure.message}`), failure.stack ? { stack: failure.stack } : {});
}
