import { Logger, PayloadTooLargeException } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { readBodyWithLimit } from '@platform/app-runtime';
import { RAW_EVENTS_BODY } from '../ingest.constants';

/** Media types `POST /events` reads besides JSON (NDJSON spellings and CSV), as raw bytes. */
export const EVENT_BODY_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines', 'text/csv'];

type Done = (error: Error | null, body?: unknown) => void;

/**
 * Teaches Fastify to hand the events route its body as bytes, so that libs/events parses it
 * (ids beyond 2^53 survive, and the rules are the stream processor's): JSON on routes flagged
 * with `@RouteConfig({ [RAW_EVENTS_BODY]: true })` (other routes keep Fastify's JSON parsing),
 * and NDJSON or CSV everywhere. Bodies are read here rather than with `parseAs: 'buffer'` so that
 * a body over the limit gets a 413 that names the limit (Fastify's own says only "too large").
 * Must run before Fastify is ready (a module's `onModuleInit` is).
 */
export function registerEventBodyParsers(fastify: FastifyInstance, maxBodyBytes: number): void {
  const defaultLimit = fastify.initialConfig.bodyLimit ?? 1024 * 1024;
  const jsonParser = fastify.getDefaultJsonParser('error', 'error');
  const isEventsRoute = (request: FastifyRequest) => (request.routeOptions.config as unknown as Record<string, unknown> | undefined)?.[RAW_EVENTS_BODY] === true;

  if (fastify.hasContentTypeParser('application/json')) fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', (request: FastifyRequest, payload: Readable, done: Done) => {
    const raw = isEventsRoute(request);
    readBody(request, payload, raw ? maxBodyBytes : defaultLimit, (error, body) => {
      if (error || raw) return done(error, body);
      jsonParser(request, (body as Buffer).toString('utf8'), done);
    });
  });
  for (const type of EVENT_BODY_TYPES) {
    if (fastify.hasContentTypeParser(type)) fastify.removeContentTypeParser(type);
    fastify.addContentTypeParser(type, (request: FastifyRequest, payload: Readable, done: Done) =>
      readBody(request, payload, isEventsRoute(request) ? maxBodyBytes : defaultLimit, done),
    );
  }
  new Logger('EventBodyParsers').log(`events bodies up to ${maxBodyBytes} bytes (JSON, NDJSON, CSV; gzip allowed)`);
}

function tooLarge(limit: number): PayloadTooLargeException {
  return new PayloadTooLargeException(
    `request body exceeds the limit of ${limit} bytes (INGEST_MAX_BODY_BYTES): split it, or load large files with POST /bulk-loads`,
  );
}

function readBody(request: FastifyRequest, payload: Readable, limit: number, done: Done): void {
  readBodyWithLimit(request, payload, limit, () => tooLarge(limit), done);
}
