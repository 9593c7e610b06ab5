import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { loadPlatformConfig, PlatformConfig } from '@platform/app-runtime';
import { connectEventBus } from '@platform/kafka-events';
import { setupPredictDocs } from '@platform/serving';
import { InferenceApiModule } from '../inference-api.module';

export interface InferenceApp {
  app: INestApplication;
  config: PlatformConfig;
  url: string;
}

/** The app as main.ts builds it, listening on a free loopback port (a real socket), in this process. */
export async function startInferenceApp(env: Record<string, string>): Promise<InferenceApp> {
  const config = loadPlatformConfig(env, { app: 'inference-api', defaultPort: 0 });
  const app = await NestFactory.create(InferenceApiModule.register(config), new FastifyAdapter({ bodyLimit: 16 * 1024 * 1024 }), {
    logger: ['error', 'warn'],
  });
  setupPredictDocs(app, 'test');
  await connectEventBus(app);
  await app.listen(0, '127.0.0.1');
  return { app, config, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}
