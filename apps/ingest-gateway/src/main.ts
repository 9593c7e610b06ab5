import 'reflect-metadata';
import { runService } from '@platform/app-runtime';
import { IngestGatewayModule } from './ingest-gateway.module';

void runService({
  app: 'ingest-gateway',
  defaultPort: 3001,
  http: 'fastify',
  module: (config) => IngestGatewayModule.register(config),
});
