import 'reflect-metadata';
import { runService } from '@platform/app-runtime';
import { InferenceApiModule } from './inference-api.module';

void runService({
  app: 'inference-api',
  defaultPort: 3000,
  http: 'fastify',
  module: (config) => InferenceApiModule.register(config),
});
