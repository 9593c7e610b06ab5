import { ApiKeyVerifier, readBodyWithLimit } from '@platform/app-runtime';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { BodyTooLargeError } from '../errors/body-too-large.error';
import { PREDICT_ROUTE } from './predict-route.constants';

type Done = (error: Error | null, body?: unknown) => void;

export interface PredictHttpOptions {
  apiKey?: string;
  maxBodyBytes: number;
}

/**
 * What Fastify does for `POST /predict` before Nest sees it:
 * - the API key is checked in `onRequest`, before a byte of the body is read (DESIGN.md 13);
 * - JSON is the only body type (anything else: 415); the predict body is handed over as text, read
 *   up to `INFERENCE_MAX_BODY_BYTES`, so that libs/serving parses it without rounding 19-digit ids.
 * Must run before Nest registers the routes (a module's `configure`), like libs/metrics' hook.
 */
export function installPredictHttp(fastify: FastifyInstance, options: PredictHttpOptions): void {
  const verifier = new ApiKeyVerifier(options.apiKey);
  const isPredictRoute = (request: FastifyRequest) =>
    (request.routeOptions.config as unknown as Record<string, unknown> | undefined)?.[PREDICT_ROUTE] === true;

  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!isPredictRoute(request)) return;
    const verdict = verifier.verify(request.headers['x-api-key']);
    if (verdict === 'accepted') return;
    await reply.code(401).send({
      statusCode: 401,
      code: 'UNAUTHORIZED',
      retriable: false,
      message: verdict === 'missing' ? 'POST /predict wants an API key in the x-api-key header' : 'the API key in x-api-key is not valid',
    });
  });

  const defaultLimit = fastify.initialConfig.bodyLimit ?? 1024 * 1024;
  const jsonParser = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', (request: FastifyRequest, payload: Readable, done: Done) => {
    const predict = isPredictRoute(request);
    const limit = predict ? options.maxBodyBytes : defaultLimit;
    readBodyWithLimit(request, payload, limit, () => new BodyTooLargeError(limit), (error, body) => {
      if (error) return done(withStatus(error));
      const text = (body as Buffer).toString('utf8');
      if (predict) return done(null, text);
      jsonParser(request, text, done);
    });
  });
}

/** Errors from a content-type parser reach Fastify's error handler, which answers by `statusCode`. */
function withStatus(error: Error): Error {
  if (error instanceof BodyTooLargeError) return Object.assign(error, { statusCode: 413 });
  return error;
}
