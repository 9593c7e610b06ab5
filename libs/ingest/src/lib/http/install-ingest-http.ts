import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { installApiKeyBeforeBody, readBodyWithLimit } from '@platform/app-runtime';
import { RAW_EVENTS_BODY } from '../ingest.constants';

type Done = (error: Error | null, body?: unknown) => void;

/**
 * What Fastify does for the gateway before Nest sees a request:
 * - the API key is checked in `onRequest` on the flagged routes, before the body is read;
 * - the events route (`@RouteConfig({ [RAW_EVENTS_BODY]: true })`) gets its body as the unread
 *   stream, whatever its content type: `EventIntake` decides the format (415 listing the
 *   supported types), and bounds and streams the bytes (ids beyond 2^53 survive, a gzip bomb
 *   stops at INGEST_MAX_INFLATED_BYTES);
 * - other routes read JSON only, up to Fastify's body limit;
 * - an answer sent before the body was read to its end closes the connection.
 * Must run before Nest registers the routes (the module's `configure`).
 */
export function installIngestHttp(fastify: FastifyInstance, apiKey: string | undefined): void {
  installApiKeyBeforeBody(fastify, apiKey);
  const limit = fastify.initialConfig.bodyLimit ?? 1024 * 1024;
  const jsonParser = fastify.getDefaultJsonParser('error', 'error');
  const isEventsRoute = (request: FastifyRequest) => (request.routeOptions.config as unknown as Record<string, unknown> | undefined)?.[RAW_EVENTS_BODY] === true;

  // An answer given before the body was read to its end (401, 413, 415, a malformed body) closes
  // the connection: Node would otherwise keep it waiting for a body nobody reads any more.
  fastify.addHook('onSend', async (request, reply) => {
    if (!request.raw.complete) reply.header('connection', 'close');
  });

  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', (request: FastifyRequest, payload: Readable, done: Done) => {
    if (isEventsRoute(request)) return done(null, payload);
    readBodyWithLimit(request, payload, limit, () => Object.assign(new Error(`request body exceeds ${limit} bytes`), { statusCode: 413 }), (error, body) => {
      if (error) return done(error);
      jsonParser(request, (body as Buffer).toString('utf8'), done);
    });
  });
  fastify.addContentTypeParser('*', (request: FastifyRequest, payload: Readable, done: Done) => {
    if (isEventsRoute(request)) return done(null, payload);
    done(Object.assign(new Error(`content type ${JSON.stringify(request.headers['content-type'] ?? '')} is not supported: send application/json`), { statusCode: 415 }));
  });
}
