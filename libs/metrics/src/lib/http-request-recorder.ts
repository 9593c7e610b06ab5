import { Histogram } from 'prom-client';
import { UNMATCHED_ROUTE } from './metrics.constants';
import { HttpRequestLabel } from './http-request-duration.metric';

/*
 * The little of Express and Fastify that is needed, typed here so that this lib depends on neither.
 * Timing is taken at the server, not in a Nest interceptor, because interceptors never see
 * requests that match no route (404) or that a guard or middleware rejects.
 */
interface ExpressRequest {
  method: string;
  baseUrl?: string;
  route?: { path?: unknown };
}
interface ExpressResponse {
  statusCode: number;
  once(event: 'finish' | 'close', listener: () => void): unknown;
}
export type ExpressMiddleware = (req: ExpressRequest, res: ExpressResponse, next: () => void) => void;

interface FastifyRequest {
  method: string;
  routeOptions?: { url?: string };
}
interface FastifyReply {
  statusCode: number;
  elapsedTime: number;
}
export interface FastifyHooks {
  addHook(name: 'onResponse', hook: (request: FastifyRequest, reply: FastifyReply) => Promise<void>): unknown;
}

/** Observes every HTTP response into the request-duration histogram. */
export class HttpRequestRecorder {
  constructor(private readonly histogram: Histogram<HttpRequestLabel>) {}

  observe(method: string, route: string | undefined, status: number, seconds: number): void {
    this.histogram.observe({ method, route: route ?? UNMATCHED_ROUTE, status: String(status) }, seconds);
  }

  /**
   * Express: an app-level middleware in front of the routes (after Nest's body parsers, whose time
   * is therefore not counted); the matched route is known once the response ends.
   */
  expressMiddleware(): ExpressMiddleware {
    return (req, res, next) => {
      const started = process.hrtime.bigint();
      let recorded = false;
      const record = () => {
        if (recorded) return;
        recorded = true;
        const path = req.route?.path;
        const route = typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : undefined;
        this.observe(req.method, route, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
      };
      res.once('finish', record);
      // A client that hangs up before the response ends still took our time.
      res.once('close', record);
      next();
    };
  }

  /** Fastify: its own `onResponse` hook, which also runs for its 404 handler. */
  installFastifyHook(instance: FastifyHooks): void {
    instance.addHook('onResponse', async (request, reply) => {
      this.observe(request.method, request.routeOptions?.url, reply.statusCode, reply.elapsedTime / 1000);
    });
  }
}
