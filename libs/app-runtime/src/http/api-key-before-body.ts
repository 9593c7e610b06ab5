import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyVerifier } from './api-key-verifier';

/** Fastify route config flag (`@RouteConfig({ [API_KEY_BEFORE_BODY]: true })`): the key is checked before the body is read. */
export const API_KEY_BEFORE_BODY = 'apiKeyBeforeBody';

/**
 * Checks `x-api-key` in Fastify's `onRequest`, before a byte of the body is read (DESIGN.md 13),
 * on the routes flagged with `API_KEY_BEFORE_BODY`: Nest's guards run only after the body was
 * parsed, so without this an unauthenticated client could make the server read and inflate its
 * body. Install it before Nest registers the routes (a module's `configure`). No key: nothing checked.
 */
export function installApiKeyBeforeBody(fastify: FastifyInstance, apiKey: string | undefined): void {
  const verifier = new ApiKeyVerifier(apiKey);
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if ((request.routeOptions.config as unknown as Record<string, unknown> | undefined)?.[API_KEY_BEFORE_BODY] !== true) return;
    const verdict = verifier.verify(request.headers['x-api-key']);
    if (verdict === 'accepted') return;
    await reply.code(401).send({
      statusCode: 401,
      error: 'Unauthorized',
      message: verdict === 'missing' ? 'this endpoint wants an API key in the x-api-key header' : 'the API key in x-api-key is not valid',
    });
  });
}
