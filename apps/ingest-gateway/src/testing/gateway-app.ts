import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { loadPlatformConfig, PlatformConfig } from '@platform/app-runtime';
import { IngestGatewayModule } from '../ingest-gateway.module';

export interface GatewayApp {
  app: NestFastifyApplication;
  config: PlatformConfig;
  /** `http://127.0.0.1:<port>` when started with `listen` (a real socket). */
  url: string;
  close: () => Promise<void>;
}

/**
 * The gateway app as `main.ts` builds it (same module, Fastify), in-process, ready for
 * `app.inject`; with `listen`, also on a real socket on loopback.
 */
export async function startGatewayApp(env: Record<string, string>, options: { listen?: boolean } = {}): Promise<GatewayApp> {
  const config = loadPlatformConfig(env, { app: 'ingest-gateway', defaultPort: 0 });
  const moduleRef = await Test.createTestingModule({ imports: [IngestGatewayModule.register(config)] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter({ bodyLimit: 16 * 1024 * 1024 }), {
    logger: ['error'],
  });
  await app.init();
  let url = '';
  if (options.listen) {
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  } else {
    await app.getHttpAdapter().getInstance().ready();
  }
  let closed = false;
  return {
    app,
    config,
    url,
    close: async () => {
      if (closed) return;
      closed = true;
      await app.close();
    },
  };
}
