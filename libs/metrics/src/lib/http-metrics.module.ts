import { DynamicModule, Inject, Module, NestModule } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ExpressMiddleware, FastifyHooks, HttpRequestRecorder } from './http-request-recorder';
import { httpRequestDurationMetric } from './http-request-duration.metric';

/** Times every HTTP request of the app, on Express or Fastify (nothing to do in a pure microservice). */
@Module({})
export class HttpMetricsModule implements NestModule {
  static forApp(app: string): DynamicModule {
    const duration = httpRequestDurationMetric(app);
    return {
      module: HttpMetricsModule,
      providers: [
        duration.provider,
        { provide: HttpRequestRecorder, useFactory: () => new HttpRequestRecorder(duration.get()) },
      ],
      exports: [duration.provider],
    };
  }

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(HttpRequestRecorder) private readonly recorder: HttpRequestRecorder,
  ) {}

  /**
   * Nest configures middleware before it registers routes, so this is where a server-level hook
   * still lands in front of every route (and of the not-found handler).
   */
  configure(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter) return;
    const type = adapter.getType();
    if (type === 'fastify') this.recorder.installFastifyHook(adapter.getInstance<FastifyHooks>());
    else if (type === 'express') adapter.getInstance<{ use(middleware: ExpressMiddleware): unknown }>().use(this.recorder.expressMiddleware());
  }
}
